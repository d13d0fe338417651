using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Unicode;
using BufferStatus = System.Buffers.OperationStatus;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol;

/// <summary>Writes values in the format <see cref="ValueReader"/> reads; see <see cref="ValueTag"/>.</summary>
internal static partial class ValueWriter
{
    public static void WriteValue(BinaryWriter writer, object? value, int depth)
    {
        CheckDepth(depth);
        switch (value)
        {
            case null:
                writer.Write((byte)ValueTag.Null);
                break;
            case string text:
                writer.Write((byte)ValueTag.String);
                WriteString(writer, text);
                break;
            case bool flag:
                writer.Write((byte)ValueTag.Boolean);
                writer.Write(flag);
                break;
            case int number:
                writer.Write((byte)ValueTag.Int32);
                writer.Write(number);
                break;
            case long number:
                writer.Write((byte)ValueTag.Int64);
                writer.Write(number);
                break;
            case double number:
                writer.Write((byte)ValueTag.Double);
                writer.Write(number);
                break;
            case decimal number:
                writer.Write((byte)ValueTag.Decimal);
                WriteDecimal(writer, number);
                break;
            case DateTime time:
                writer.Write((byte)ValueTag.DateTime);
                WriteDateTime(writer, time);
                break;
            case Guid id:
                writer.Write((byte)ValueTag.Guid);
                WriteGuid(writer, id);
                break;
            case EntityReference reference:
                writer.Write((byte)ValueTag.EntityReference);
                WriteString(writer, reference.LogicalName);
                WriteGuid(writer, reference.Id);
                WriteString(writer, reference.Name);
                break;
            case OptionSetValue option:
                writer.Write((byte)ValueTag.OptionSetValue);
                writer.Write(option.Value);
                break;
            case Money money:
                writer.Write((byte)ValueTag.Money);
                WriteDecimal(writer, money.Value);
                break;
            case Entity entity:
                writer.Write((byte)ValueTag.Entity);
                WriteEntity(writer, entity, depth);
                break;
            case EntityCollection collection:
                writer.Write((byte)ValueTag.PagedEntityCollection);
                WriteEntityCollection(writer, collection, depth);
                writer.Write(collection.MoreRecords);
                WriteString(writer, collection.PagingCookie);
                writer.Write(collection.TotalRecordCount);
                writer.Write(collection.TotalRecordCountLimitExceeded);
                WriteString(writer, collection.MinActiveRowVersion);
                break;
            case AliasedValue aliased:
                writer.Write((byte)ValueTag.AliasedValue);
                WriteString(writer, aliased.EntityLogicalName);
                WriteString(writer, aliased.AttributeLogicalName);
                WriteValue(writer, aliased.Value, depth + 1);
                break;
            case FetchExpression fetch:
                writer.Write((byte)ValueTag.FetchExpression);
                WriteString(writer, fetch.Query);
                break;
            case ParameterCollection parameters:
                writer.Write((byte)ValueTag.ParameterCollection);
                WriteValues(writer, parameters, depth);
                break;
            case EntityImageCollection images:
                writer.Write((byte)ValueTag.EntityImageCollection);
                WriteImages(writer, images, depth);
                break;
            case ColumnSet columns:
                writer.Write((byte)ValueTag.ColumnSet);
                WriteColumnSet(writer, columns);
                break;
            case QueryByAttribute query:
                writer.Write((byte)ValueTag.QueryByAttributeWithPaging);
                WriteQueryByAttribute(writer, query, depth);
                WriteOrders(writer, query.Orders);
                WritePageInfo(writer, query.PageInfo);
                break;
            case QueryExpression query:
                writer.Write((byte)ValueTag.QueryExpressionWithLinks);
                WriteQueryBase(writer, query);
                writer.Write(query.Distinct);
                writer.Write(query.NoLock);
                WriteFilter(writer, query.Criteria, depth + 1);
                WriteLinks(writer, query.LinkEntities, depth + 1);
                WriteOrders(writer, query.Orders);
                WritePageInfo(writer, query.PageInfo);
                break;
            case OrganizationRequest request:
                writer.Write((byte)ValueTag.OrganizationRequest);
                WriteString(writer, request.RequestName);
                WriteValues(writer, request.Parameters, depth);
                break;
            case OrganizationResponse response:
                writer.Write((byte)ValueTag.OrganizationResponse);
                WriteString(writer, response.ResponseName);
                WriteValues(writer, response.Results, depth);
                break;
            case OptionSetValueCollection options:
                writer.Write((byte)ValueTag.OptionSetValueCollection);
                writer.Write7BitEncodedInt(options.Count);
                foreach (var option in options)
                {
                    writer.Write(option.Value);
                }

                break;
            case Array array:
                WriteArray(writer, array, depth);
                break;
            case var other when TryWriteServiceValue(writer, other, depth):
                break;
            default:
                throw Unsupported(value.GetType());
        }
    }

    /// <summary>
    /// Writes a string, or null, behind one length header: 0 is null, else (byte length × 2 + 1 when UTF-16) + 1.
    /// UTF-8 is the norm; a string with a lone surrogate has no UTF-8 form and goes as UTF-16 so it still round-trips.
    /// </summary>
    public static void WriteString(BinaryWriter writer, string? text)
    {
        if (text is null)
        {
            writer.Write((byte)0);
            return;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= CodecLimits.StackBufferBytes
            ? stackalloc byte[CodecLimits.StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            if (Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) == BufferStatus.Done)
            {
                writer.Write7BitEncodedInt(StringHeader(written, utf16: false));
                writer.Write(buffer[..written]);
                return;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        writer.Write7BitEncodedInt(StringHeader((long)text.Length * 2, utf16: true));
        foreach (var character in text)
        {
            writer.Write((ushort)character);
        }
    }

    private static int StringHeader(long byteLength, bool utf16) =>
        byteLength <= CodecLimits.MaxStringBytes
            ? (int)((byteLength << 1) | (utf16 ? 1L : 0L)) + 1
            : throw new ArgumentException($"A string of {byteLength} bytes is too long to encode; the limit is {CodecLimits.MaxStringBytes}.");

    private static void WriteDecimal(BinaryWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
        {
            writer.Write(part);
        }
    }

    // Kind in the top two bits, ticks (at most 62 bits) below, as DateTime itself stores them.
    public static void WriteDateTime(BinaryWriter writer, DateTime time) =>
        writer.Write(((ulong)time.Kind << 62) | (ulong)time.Ticks);

    public static void WriteGuid(BinaryWriter writer, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    private static void WriteEntity(BinaryWriter writer, Entity entity, int depth)
    {
        CheckDepth(depth);
        WriteString(writer, entity.LogicalName);
        WriteGuid(writer, entity.Id);
        WriteValues(writer, entity.Attributes, depth);
    }

    private static void WriteEntityCollection(BinaryWriter writer, EntityCollection collection, int depth)
    {
        WriteString(writer, collection.EntityName);
        var entities = collection.Entities;
        writer.Write7BitEncodedInt(entities.Count);
        for (var index = 0; index < entities.Count; index++)
        {
            WriteEntity(writer, entities[index] ?? throw NullItem("EntityCollection.Entities", index), depth + 1);
        }
    }

    private static void WriteValues(BinaryWriter writer, DataCollection<string, object?> values, int depth)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var (key, value) in values)
        {
            WriteString(writer, key);
            WriteValue(writer, value, depth + 1);
        }
    }

    private static void WriteImages(BinaryWriter writer, EntityImageCollection images, int depth)
    {
        writer.Write7BitEncodedInt(images.Count);
        foreach (var (alias, image) in images)
        {
            WriteString(writer, alias);
            WriteEntity(writer, image, depth + 1);
        }
    }

    private static void WriteColumnSet(BinaryWriter writer, ColumnSet columns)
    {
        writer.Write(columns.AllColumns);
        WriteNames(writer, columns.Columns, "ColumnSet.Columns");
    }

    private static void WriteQueryBase(BinaryWriter writer, QueryBase query)
    {
        WriteString(writer, query.EntityName);
        WriteColumnSet(writer, query.ColumnSet);
        // 0 stands for null. The SDK's setter refuses a count that is not positive; one forced in some other way is refused
        // here rather than sent as "no limit" (the host's query engine refuses it too).
        writer.Write7BitEncodedInt(query.TopCount switch
        {
            null => 0,
            > 0 and var count => count,
            var count => throw new ArgumentException($"TopCount must be positive, or null for no limit, not {count}", nameof(query)),
        });
    }

    private static void WriteQueryByAttribute(BinaryWriter writer, QueryByAttribute query, int depth)
    {
        WriteQueryBase(writer, query);
        WriteNames(writer, query.Attributes, "QueryByAttribute.Attributes");
        WriteList(writer, query.Values, depth);
    }

    private static void WriteFilter(BinaryWriter writer, FilterExpression filter, int depth)
    {
        CheckDepth(depth);
        writer.Write((byte)filter.FilterOperator);
        writer.Write(filter.IsQuickFindFilter);
        WriteString(writer, filter.FilterHint);
        var conditions = filter.Conditions;
        writer.Write7BitEncodedInt(conditions.Count);
        for (var index = 0; index < conditions.Count; index++)
        {
            var condition = conditions[index] ?? throw NullItem("FilterExpression.Conditions", index);
            WriteString(writer, condition.EntityName);
            WriteString(writer, condition.AttributeName);
            writer.Write7BitEncodedInt((int)condition.Operator);
            WriteList(writer, condition.Values, depth);
        }

        var filters = filter.Filters;
        writer.Write7BitEncodedInt(filters.Count);
        for (var index = 0; index < filters.Count; index++)
        {
            WriteFilter(writer, filters[index] ?? throw NullItem("FilterExpression.Filters", index), depth + 1);
        }
    }

    private static void WriteLinks(BinaryWriter writer, Collection<LinkEntity> links, int depth)
    {
        CheckDepth(depth);
        writer.Write7BitEncodedInt(links.Count);
        for (var index = 0; index < links.Count; index++)
        {
            var link = links[index] ?? throw NullItem("LinkEntities", index);
            WriteString(writer, link.LinkFromEntityName);
            WriteString(writer, link.LinkFromAttributeName);
            WriteString(writer, link.LinkToEntityName);
            WriteString(writer, link.LinkToAttributeName);
            writer.Write7BitEncodedInt((int)link.JoinOperator);
            WriteColumnSet(writer, link.Columns);
            WriteString(writer, link.EntityAlias);
            WriteFilter(writer, link.LinkCriteria, depth + 1);
            WriteLinks(writer, link.LinkEntities, depth + 1);
            WriteOrders(writer, link.Orders);
        }
    }

    private static void WriteOrders(BinaryWriter writer, Collection<OrderExpression> orders)
    {
        writer.Write7BitEncodedInt(orders.Count);
        for (var index = 0; index < orders.Count; index++)
        {
            var order = orders[index] ?? throw NullItem("Orders", index);
            WriteString(writer, order.AttributeName);
            writer.Write7BitEncodedInt((int)order.OrderType);
            WriteString(writer, order.Alias);
            WriteString(writer, order.EntityName);
        }
    }

    private static void WritePageInfo(BinaryWriter writer, PagingInfo page)
    {
        writer.Write(page.Count);
        writer.Write(page.PageNumber);
        WriteString(writer, page.PagingCookie);
        writer.Write(page.ReturnTotalRecordCount);
    }

    private static void WriteNames(BinaryWriter writer, Collection<string> names, string what)
    {
        writer.Write7BitEncodedInt(names.Count);
        for (var index = 0; index < names.Count; index++)
        {
            WriteString(writer, names[index] ?? throw NullItem(what, index));
        }
    }

    private static void WriteList(BinaryWriter writer, IList<object?> values, int depth)
    {
        writer.Write7BitEncodedInt(values.Count);
        for (var index = 0; index < values.Count; index++)
        {
            WriteValue(writer, values[index], depth + 1);
        }
    }

    private static void WriteArray(BinaryWriter writer, Array array, int depth)
    {
        // Exact types only: the runtime lets a uint[] pass for an int[] and a string[] for an object[].
        var type = array.GetType();
        if (type == typeof(object[]))
        {
            writer.Write((byte)ValueTag.ObjectArray);
            WriteList(writer, (object?[])array, depth);
            return;
        }

        var elementTag = type.IsSZArray ? ElementTag(type.GetElementType()!) : null;
        if (elementTag is not { } tag)
        {
            throw Unsupported(type);
        }

        writer.Write((byte)ValueTag.TypedArray);
        writer.Write((byte)tag);
        writer.Write7BitEncodedInt(array.Length);
        switch (tag)
        {
            case ValueTag.String:
                foreach (var text in (string?[])array)
                {
                    WriteString(writer, text);
                }

                break;
            case ValueTag.Boolean:
                foreach (var flag in (bool[])array)
                {
                    writer.Write(flag);
                }

                break;
            case ValueTag.Int32:
                foreach (var number in (int[])array)
                {
                    writer.Write(number);
                }

                break;
            case ValueTag.Int64:
                foreach (var number in (long[])array)
                {
                    writer.Write(number);
                }

                break;
            case ValueTag.Double:
                foreach (var number in (double[])array)
                {
                    writer.Write(number);
                }

                break;
            case ValueTag.Decimal:
                foreach (var number in (decimal[])array)
                {
                    WriteDecimal(writer, number);
                }

                break;
            case ValueTag.DateTime:
                foreach (var time in (DateTime[])array)
                {
                    WriteDateTime(writer, time);
                }

                break;
            case ValueTag.Guid:
                foreach (var id in (Guid[])array)
                {
                    WriteGuid(writer, id);
                }

                break;
            default:
                // Arrays of SDK classes: tagged elements, so that null elements survive.
                foreach (var item in (object?[])array)
                {
                    WriteValue(writer, item, depth + 1);
                }

                break;
        }
    }

    /// <summary>The tag of a type that may be an array's element type, or null.</summary>
    internal static ValueTag? ElementTag(Type type) =>
        type == typeof(string) ? ValueTag.String
        : type == typeof(bool) ? ValueTag.Boolean
        : type == typeof(int) ? ValueTag.Int32
        : type == typeof(long) ? ValueTag.Int64
        : type == typeof(double) ? ValueTag.Double
        : type == typeof(decimal) ? ValueTag.Decimal
        : type == typeof(DateTime) ? ValueTag.DateTime
        : type == typeof(Guid) ? ValueTag.Guid
        : type == typeof(EntityReference) ? ValueTag.EntityReference
        : type == typeof(OptionSetValue) ? ValueTag.OptionSetValue
        : type == typeof(Money) ? ValueTag.Money
        : type == typeof(Entity) || type.IsSubclassOf(typeof(Entity)) ? ValueTag.Entity // early-bound classes travel as Entity
        : type == typeof(EntityCollection) ? ValueTag.EntityCollection
        : type == typeof(ParameterCollection) ? ValueTag.ParameterCollection
        : type == typeof(EntityImageCollection) ? ValueTag.EntityImageCollection
        : type == typeof(ColumnSet) ? ValueTag.ColumnSet
        : type == typeof(QueryByAttribute) ? ValueTag.QueryByAttribute
        : type == typeof(QueryExpression) ? ValueTag.QueryExpression
        : type == typeof(FetchExpression) ? ValueTag.FetchExpression
        : type == typeof(AliasedValue) ? ValueTag.AliasedValue
        : type == typeof(OrganizationRequest) ? ValueTag.OrganizationRequest
        : type == typeof(OrganizationResponse) ? ValueTag.OrganizationResponse
        : null;

    private static void CheckDepth(int depth)
    {
        if (depth > CodecLimits.MaxDepth)
        {
            throw new ArgumentException(
                $"The value is nested more than {CodecLimits.MaxDepth} levels deep and cannot be encoded: does an entity, collection or array contain itself?");
        }
    }

    private static ArgumentException NullItem(string what, int index) =>
        new($"{what} holds null at index {index}; remove it before passing the value on.");

    private static NotSupportedException Unsupported(Type type) =>
        new($"A value of type {type.FullName} cannot cross the sandbox boundary or be stored. Use null, string, bool, int, long, "
            + "double, decimal, DateTime, Guid, EntityReference, OptionSetValue, Money, Entity, EntityCollection or a one-dimensional array of these.");
}
