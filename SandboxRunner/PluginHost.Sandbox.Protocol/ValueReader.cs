using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Sandbox.Protocol;

/// <summary>
/// Reads what <see cref="ValueWriter"/> writes. Every count and length is checked against the bytes left in a seekable
/// stream before anything is allocated for it, so corrupt input fails fast instead of exhausting memory.
/// </summary>
internal static partial class ValueReader
{
    // The fewest bytes each kind of item can take, for checking counts against what remains.
    private const int TaggedValueBytes = 1;
    private const int KeyedValueBytes = 2;
    private const int EntityBytes = 18;
    private const int ConditionBytes = 3;
    private const int FilterBytes = 3;
    private const int LinkBytes = 14;
    private const int OrderBytes = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static object? ReadValue(BinaryReader reader, int depth)
    {
        CheckDepth(depth);
        (reader as Wire.FrameReader)?.CountValue();
        var tag = (ValueTag)reader.ReadByte();
        return tag switch
        {
            ValueTag.Null => null,
            ValueTag.String => ReadRequiredString(reader, "a string value"),
            ValueTag.Boolean => ReadBoolean(reader),
            ValueTag.Int32 => reader.ReadInt32(),
            ValueTag.Int64 => reader.ReadInt64(),
            ValueTag.Double => reader.ReadDouble(),
            ValueTag.Decimal => ReadDecimal(reader),
            ValueTag.DateTime => ReadDateTime(reader),
            ValueTag.Guid => ReadGuid(reader),
            ValueTag.ObjectArray => ReadObjectArray(reader, depth),
            ValueTag.TypedArray => ReadTypedArray(reader, depth),
            _ => ReadObject(reader, tag, depth),
        };
    }

    public static string? ReadString(BinaryReader reader)
    {
        var header = reader.Read7BitEncodedInt();
        if (header <= 0)
        {
            return header == 0 ? null : throw Corrupt($"a string has the negative length header {header}");
        }

        var byteLength = (header - 1) >> 1;
        EnsureAvailable(reader, byteLength, "a string");
        if (((header - 1) & 1) == 1)
        {
            return ReadUtf16(reader, byteLength);
        }

        if (byteLength == 0)
        {
            return string.Empty;
        }

        byte[]? rented = null;
        var buffer = byteLength <= CodecLimits.StackBufferBytes
            ? stackalloc byte[CodecLimits.StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(byteLength));
        try
        {
            buffer = buffer[..byteLength];
            ReadExactly(reader, buffer);
            return StrictUtf8.GetString(buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string ReadUtf16(BinaryReader reader, int byteLength)
    {
        if (byteLength % 2 != 0)
        {
            throw Corrupt($"a UTF-16 string has the odd byte length {byteLength}");
        }

        var characters = new char[byteLength / 2];
        for (var index = 0; index < characters.Length; index++)
        {
            characters[index] = (char)reader.ReadUInt16();
        }

        return new string(characters);
    }

    public static string ReadRequiredString(BinaryReader reader, string what) =>
        ReadString(reader) ?? throw Corrupt($"{what} is null");

    private static bool ReadBoolean(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Corrupt($"a boolean has the byte {other}"),
    };

    private static decimal ReadDecimal(BinaryReader reader)
    {
        Span<int> bits = [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()];
        return new decimal(bits);
    }

    public static DateTime ReadDateTime(BinaryReader reader)
    {
        var packed = reader.ReadUInt64();
        var kind = (DateTimeKind)(packed >> 62);
        var ticks = (long)(packed & ((1UL << 62) - 1));
        return kind <= DateTimeKind.Local && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, kind)
            : throw Corrupt($"a DateTime has kind {(int)kind} and {ticks} ticks");
    }

    public static Guid ReadGuid(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        ReadExactly(reader, bytes);
        return new Guid(bytes);
    }

    private static object ReadObject(BinaryReader reader, ValueTag tag, int depth) => tag switch
    {
        ValueTag.EntityReference => ReadEntityReference(reader),
        ValueTag.OptionSetValue => new OptionSetValue(reader.ReadInt32()),
        ValueTag.Money => new Money(ReadDecimal(reader)),
        ValueTag.Entity => ReadEntity(reader, depth),
        ValueTag.EntityCollection => ReadEntityCollection(reader, depth),
        ValueTag.PagedEntityCollection => ReadPagedEntityCollection(reader, depth),
        ValueTag.AliasedValue => new AliasedValue(ReadString(reader), ReadString(reader), ReadValue(reader, depth + 1)),
        ValueTag.FetchExpression => new FetchExpression { Query = ReadString(reader) },
        ValueTag.ParameterCollection => ReadValues(reader, new ParameterCollection(), depth),
        ValueTag.EntityImageCollection => ReadImages(reader, depth),
        ValueTag.ColumnSet => ReadColumnSet(reader),
        ValueTag.QueryByAttribute => ReadQueryByAttribute(reader, depth),
        ValueTag.QueryByAttributeWithPaging => ReadPagedQueryByAttribute(reader, depth),
        ValueTag.QueryExpression => ReadQueryExpression(reader, depth),
        ValueTag.QueryExpressionWithLinks => ReadLinkedQueryExpression(reader, depth),
        ValueTag.OrganizationRequest => ReadRequest(reader, depth),
        ValueTag.OrganizationResponse => ReadResponse(reader, depth),
        ValueTag.OptionSetValueCollection => ReadOptionSetValues(reader),
        _ => ReadServiceValue(reader, tag, depth),
    };

    private static OptionSetValueCollection ReadOptionSetValues(BinaryReader reader)
    {
        var count = ReadCount(reader, sizeof(int), "an OptionSetValueCollection");
        var options = new OptionSetValueCollection();
        for (var index = 0; index < count; index++)
        {
            options.Add(new OptionSetValue(reader.ReadInt32()));
        }

        return options;
    }

    private static EntityReference ReadEntityReference(BinaryReader reader)
    {
        var logicalName = ReadRequiredString(reader, "an EntityReference's logical name");
        var id = ReadGuid(reader);
        var reference = logicalName.Length == 0 ? new EntityReference { Id = id } : new EntityReference(logicalName, id);
        reference.Name = ReadString(reader);
        return reference;
    }

    private static Entity ReadEntity(BinaryReader reader, int depth)
    {
        CheckDepth(depth);
        var logicalName = ReadRequiredString(reader, "an entity's logical name");
        var id = ReadGuid(reader);
        var entity = logicalName.Length == 0 ? new Entity { Id = id } : new Entity(logicalName, id);
        ReadValues(reader, entity.Attributes, depth);
        return entity;
    }

    private static EntityCollection ReadEntityCollection(BinaryReader reader, int depth)
    {
        var collection = new EntityCollection { EntityName = ReadString(reader) };
        var count = ReadCount(reader, EntityBytes, "an EntityCollection");
        for (var index = 0; index < count; index++)
        {
            collection.Entities.Add(ReadEntity(reader, depth + 1));
        }

        return collection;
    }

    private static EntityCollection ReadPagedEntityCollection(BinaryReader reader, int depth)
    {
        var collection = ReadEntityCollection(reader, depth);
        collection.MoreRecords = ReadBoolean(reader);
        collection.PagingCookie = ReadString(reader);
        collection.TotalRecordCount = reader.ReadInt32();
        collection.TotalRecordCountLimitExceeded = ReadBoolean(reader);
        collection.MinActiveRowVersion = ReadString(reader);
        return collection;
    }

    private static TCollection ReadValues<TCollection>(BinaryReader reader, TCollection values, int depth)
        where TCollection : DataCollection<string, object?>
    {
        var count = ReadCount(reader, KeyedValueBytes, "a collection of values");
        for (var index = 0; index < count; index++)
        {
            var key = ReadRequiredString(reader, "a key");
            values.Add(key, ReadValue(reader, depth + 1));
        }

        return values;
    }

    private static EntityImageCollection ReadImages(BinaryReader reader, int depth)
    {
        var images = new EntityImageCollection();
        var count = ReadCount(reader, KeyedValueBytes + EntityBytes, "an EntityImageCollection");
        for (var index = 0; index < count; index++)
        {
            var alias = ReadRequiredString(reader, "an image alias");
            images.Add(alias, ReadEntity(reader, depth + 1));
        }

        return images;
    }

    private static ColumnSet ReadColumnSet(BinaryReader reader)
    {
        var columns = new ColumnSet(ReadBoolean(reader));
        var count = ReadCount(reader, 1, "a ColumnSet");
        for (var index = 0; index < count; index++)
        {
            columns.Columns.Add(ReadRequiredString(reader, "a column name"));
        }

        return columns;
    }

    private static TQuery ReadQueryBase<TQuery>(BinaryReader reader, TQuery query)
        where TQuery : QueryBase
    {
        query.EntityName = ReadString(reader);
        query.ColumnSet = ReadColumnSet(reader);
        // 0 stands for null: the SDK refuses a TopCount that is not positive, so no genuine writer sends one.
        var topCount = reader.Read7BitEncodedInt();
        query.TopCount = topCount switch
        {
            0 => null,
            > 0 => topCount,
            _ => throw Corrupt($"a query has the top count {topCount}"),
        };
        return query;
    }

    private static QueryByAttribute ReadQueryByAttribute(BinaryReader reader, int depth)
    {
        var query = ReadQueryBase(reader, new QueryByAttribute());
        var count = ReadCount(reader, 1, "a QueryByAttribute's attributes");
        for (var index = 0; index < count; index++)
        {
            query.Attributes.Add(ReadRequiredString(reader, "a query attribute name"));
        }

        ReadList(reader, query.Values, depth);
        return query;
    }

    private static QueryByAttribute ReadPagedQueryByAttribute(BinaryReader reader, int depth)
    {
        var query = ReadQueryByAttribute(reader, depth);
        ReadOrders(reader, query.Orders);
        query.PageInfo = ReadPageInfo(reader);
        return query;
    }

    private static QueryExpression ReadQueryExpression(BinaryReader reader, int depth)
    {
        var query = ReadQueryBase(reader, new QueryExpression());
        query.Criteria = ReadFilter(reader, depth + 1, withLinks: false);
        return query;
    }

    private static QueryExpression ReadLinkedQueryExpression(BinaryReader reader, int depth)
    {
        var query = ReadQueryBase(reader, new QueryExpression());
        query.Distinct = ReadBoolean(reader);
        query.NoLock = ReadBoolean(reader);
        query.Criteria = ReadFilter(reader, depth + 1, withLinks: true);
        ReadLinks(reader, query.LinkEntities, depth + 1);
        ReadOrders(reader, query.Orders);
        query.PageInfo = ReadPageInfo(reader);
        return query;
    }

    /// <summary>Reads a filter; tag 18 wrote it without <paramref name="withLinks"/>'s quick-find flag, hint and condition entity names.</summary>
    private static FilterExpression ReadFilter(BinaryReader reader, int depth, bool withLinks)
    {
        CheckDepth(depth);
        var filter = new FilterExpression((LogicalOperator)reader.ReadByte());
        if (withLinks)
        {
            filter.IsQuickFindFilter = ReadBoolean(reader);
            filter.FilterHint = ReadString(reader);
        }

        var conditions = ReadCount(reader, ConditionBytes, "a filter's conditions");
        for (var index = 0; index < conditions; index++)
        {
            var entityName = withLinks ? ReadString(reader) : null;
            var attributeName = withLinks ? ReadString(reader) : ReadRequiredString(reader, "a condition's attribute name");
            var condition = new ConditionExpression { Operator = (ConditionOperator)reader.Read7BitEncodedInt(), EntityName = entityName };
            if (attributeName is not null)
            {
                condition.AttributeName = attributeName;
            }

            ReadList(reader, condition.Values, depth);
            filter.Conditions.Add(condition);
        }

        var filters = ReadCount(reader, FilterBytes, "a filter's child filters");
        for (var index = 0; index < filters; index++)
        {
            filter.Filters.Add(ReadFilter(reader, depth + 1, withLinks));
        }

        return filter;
    }

    private static void ReadLinks(BinaryReader reader, Collection<LinkEntity> links, int depth)
    {
        CheckDepth(depth);
        var count = ReadCount(reader, LinkBytes, "a query's links");
        for (var index = 0; index < count; index++)
        {
            var link = new LinkEntity
            {
                LinkFromEntityName = ReadString(reader),
                LinkFromAttributeName = ReadString(reader),
                LinkToEntityName = ReadString(reader),
                LinkToAttributeName = ReadString(reader),
                JoinOperator = (JoinOperator)reader.Read7BitEncodedInt(),
                Columns = ReadColumnSet(reader),
                EntityAlias = ReadString(reader),
                LinkCriteria = ReadFilter(reader, depth + 1, withLinks: true),
            };
            ReadLinks(reader, link.LinkEntities, depth + 1);
            ReadOrders(reader, link.Orders);
            links.Add(link);
        }
    }

    private static void ReadOrders(BinaryReader reader, Collection<OrderExpression> orders)
    {
        var count = ReadCount(reader, OrderBytes, "a query's orders");
        for (var index = 0; index < count; index++)
        {
            orders.Add(new OrderExpression
            {
                AttributeName = ReadString(reader),
                OrderType = (OrderType)reader.Read7BitEncodedInt(),
                Alias = ReadString(reader),
                EntityName = ReadString(reader),
            });
        }
    }

    private static PagingInfo ReadPageInfo(BinaryReader reader) => new()
    {
        Count = reader.ReadInt32(),
        PageNumber = reader.ReadInt32(),
        PagingCookie = ReadString(reader),
        ReturnTotalRecordCount = ReadBoolean(reader),
    };

    private static OrganizationRequest ReadRequest(BinaryReader reader, int depth)
    {
        var name = ReadRequiredString(reader, "a request name");
        var request = name.Length == 0 ? new OrganizationRequest() : SdkMessages.NewRequest(name, []);
        ReadValues(reader, request.Parameters, depth);
        return request;
    }

    private static OrganizationResponse ReadResponse(BinaryReader reader, int depth)
    {
        var response = SdkMessages.NewResponse(ReadRequiredString(reader, "a response name"), []);
        ReadValues(reader, response.Results, depth);
        return response;
    }

    private static void ReadList(BinaryReader reader, Collection<object?> values, int depth)
    {
        var count = ReadCount(reader, TaggedValueBytes, "a list of values");
        for (var index = 0; index < count; index++)
        {
            values.Add(ReadValue(reader, depth + 1));
        }
    }

    private static object?[] ReadObjectArray(BinaryReader reader, int depth)
    {
        var items = new object?[ReadCount(reader, TaggedValueBytes, "an object[]")];
        for (var index = 0; index < items.Length; index++)
        {
            items[index] = ReadValue(reader, depth + 1);
        }

        return items;
    }

    private static Array ReadTypedArray(BinaryReader reader, int depth)
    {
        var elementTag = (ValueTag)reader.ReadByte();
        return elementTag switch
        {
            ValueTag.String => ReadArray(reader, 1, static reader => ReadString(reader)),
            ValueTag.Boolean => ReadArray(reader, 1, ReadBoolean),
            ValueTag.Int32 => ReadArray(reader, sizeof(int), static reader => reader.ReadInt32()),
            ValueTag.Int64 => ReadArray(reader, sizeof(long), static reader => reader.ReadInt64()),
            ValueTag.Double => ReadArray(reader, sizeof(double), static reader => reader.ReadDouble()),
            ValueTag.Decimal => ReadArray(reader, sizeof(decimal), ReadDecimal),
            ValueTag.DateTime => ReadArray(reader, sizeof(long), ReadDateTime),
            ValueTag.Guid => ReadArray(reader, 16, ReadGuid),
            ValueTag.EntityReference => ReadObjectsAs<EntityReference>(reader, depth),
            ValueTag.OptionSetValue => ReadObjectsAs<OptionSetValue>(reader, depth),
            ValueTag.Money => ReadObjectsAs<Money>(reader, depth),
            ValueTag.Entity => ReadObjectsAs<Entity>(reader, depth),
            ValueTag.EntityCollection => ReadObjectsAs<EntityCollection>(reader, depth),
            ValueTag.ParameterCollection => ReadObjectsAs<ParameterCollection>(reader, depth),
            ValueTag.EntityImageCollection => ReadObjectsAs<EntityImageCollection>(reader, depth),
            ValueTag.ColumnSet => ReadObjectsAs<ColumnSet>(reader, depth),
            ValueTag.QueryByAttribute => ReadObjectsAs<QueryByAttribute>(reader, depth),
            ValueTag.QueryExpression => ReadObjectsAs<QueryExpression>(reader, depth),
            ValueTag.FetchExpression => ReadObjectsAs<FetchExpression>(reader, depth),
            ValueTag.AliasedValue => ReadObjectsAs<AliasedValue>(reader, depth),
            ValueTag.OrganizationRequest => ReadObjectsAs<OrganizationRequest>(reader, depth),
            ValueTag.OrganizationResponse => ReadObjectsAs<OrganizationResponse>(reader, depth),
            _ => throw Corrupt($"an array has the unknown element type tag {(byte)elementTag}"),
        };
    }

    private static T[] ReadArray<T>(BinaryReader reader, int elementBytes, Func<BinaryReader, T> read)
    {
        var items = new T[ReadCount(reader, elementBytes, "an array")];
        for (var index = 0; index < items.Length; index++)
        {
            items[index] = read(reader);
        }

        return items;
    }

    private static T?[] ReadObjectsAs<T>(BinaryReader reader, int depth)
        where T : class
    {
        var items = new T?[ReadCount(reader, TaggedValueBytes, "an array")];
        for (var index = 0; index < items.Length; index++)
        {
            var item = ReadValue(reader, depth + 1);
            items[index] = item is null or T
                ? (T?)item
                : throw Corrupt($"element {index} of a {typeof(T).Name}[] is a {item.GetType().Name}");
        }

        return items;
    }

    private static int ReadCount(BinaryReader reader, int minimumItemBytes, string what)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0)
        {
            throw Corrupt($"{what} has the negative count {count}");
        }

        EnsureAvailable(reader, (long)count * minimumItemBytes, what);

        // At least a reference or a value per item: the allocation the caller is about to make for the items.
        (reader as Wire.FrameReader)?.Charge((long)count * IntPtr.Size);
        return count;
    }

    private static void EnsureAvailable(BinaryReader reader, long bytes, string what)
    {
        var stream = reader.BaseStream;
        if (stream.CanSeek && bytes > stream.Length - stream.Position)
        {
            throw new InvalidDataException(
                $"The encoded value is truncated or corrupt: {what} needs at least {bytes} more bytes, but only {stream.Length - stream.Position} remain.");
        }
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var read = reader.Read(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            buffer = buffer[read..];
        }
    }

    private static void CheckDepth(int depth)
    {
        if (depth > CodecLimits.MaxDepth)
        {
            throw Corrupt($"values are nested more than {CodecLimits.MaxDepth} levels deep");
        }
    }

    private static InvalidDataException Corrupt(string detail) => new($"The encoded value is corrupt: {detail}.");
}
