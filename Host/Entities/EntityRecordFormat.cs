using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Host.Entities;

/// <summary>
/// The stored form of a record's attributes: JSON text in which every value names its type, so that it reads back as
/// the same type with the same content, and so that other tools (sqlite3, jq, a report) can read it without this
/// program. It belongs to the entity store alone: the sandbox's wire codec can change without a data migration.
/// </summary>
/// <remarks>
/// <code>
/// {"format":1,"attributes":{"name":{"t":"String","v":"Contoso"},"revenue":{"t":"Money","v":"12.50"},"nothing":null}}
/// </code>
/// A value is JSON <c>null</c> or <c>{"t": type, "v": content}</c>. What JSON numbers could round or overflow is text:
/// Int64, Decimal and Money as invariant digits (a decimal keeps its scale: "12.50"), a double that is not finite as
/// "NaN", "Infinity" or "-Infinity"; a string with a lone surrogate, which JSON text cannot hold, as its UTF-16 code
/// units (<c>{"t":"String","v":[97,55296]}</c>). A DateTime is its clock reading to the tick plus its kind, never converted:
/// <c>{"t":"DateTime","v":"2026-12-03T10:15:00.0000000","kind":"Utc"}</c>. An array is
/// <c>{"t":"Array","of":element type,"v":[values]}</c>. <see cref="FormatVersion"/> changes when a reader of the previous
/// version could misread a record.
/// </remarks>
internal static class EntityRecordFormat
{
    /// <summary>The format version written in every record.</summary>
    public const int FormatVersion = 1;

    // The depth the wire codec allows (CodecLimits.MaxDepth); one stored level takes at most four JSON levels.
    private const int MaxDepth = 64;
    private const string DateTimeLayout = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = (MaxDepth * 4) + 8 };
    private static readonly JsonWriterOptions WriteOptions = new() { MaxDepth = (MaxDepth * 4) + 8 };

    /// <summary>The stored form of <paramref name="attributes"/>.</summary>
    /// <exception cref="NotSupportedException">An attribute holds a value the format cannot keep; the message names it.</exception>
    public static string Write(AttributeCollection attributes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WritePropertyName("attributes");
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                try
                {
                    WriteValue(writer, value, 0);
                }
                catch (NotSupportedException exception)
                {
                    throw new NotSupportedException($"'{name}' {exception.Message}", exception);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Adds the attributes stored in <paramref name="record"/> to <paramref name="entity"/>, only those in <paramref name="columns"/> when given.</summary>
    /// <exception cref="InvalidDataException">The text is not a record of a format version this program reads.</exception>
    public static void Read(string record, Entity entity, ColumnSet? columns = null)
    {
        try
        {
            using var document = JsonDocument.Parse(record, ReadOptions);
            var root = document.RootElement;
            var version = root.GetProperty("format").GetInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException(
                    $"the stored record {entity.LogicalName} {entity.Id} is in entity format {version}; this program reads format {FormatVersion}: use a newer PluginHost");
            }

            foreach (var attribute in root.GetProperty("attributes").EnumerateObject())
            {
                if (columns is null || columns.AllColumns || columns.Columns.Contains(attribute.Name))
                {
                    entity.Attributes[attribute.Name] = ReadValue(attribute.Value, 0);
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"the stored record {entity.LogicalName} {entity.Id} is not valid entity JSON: {exception.Message}", exception);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"holds a value nested more than {MaxDepth} levels deep: does an entity or collection contain itself?");
        }

        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        switch (value)
        {
            case string text when HasLoneSurrogate(text):
                // No JSON text can hold it (System.Text.Json would write U+FFFD in its place), so its UTF-16 code units.
                Typed(writer, StoredType.String).WriteStartArray("v");
                foreach (var unit in text)
                {
                    writer.WriteNumberValue(unit);
                }

                writer.WriteEndArray();
                break;
            case string text:
                Typed(writer, StoredType.String).WriteString("v", text);
                break;
            case bool flag:
                Typed(writer, StoredType.Boolean).WriteBoolean("v", flag);
                break;
            case int number:
                Typed(writer, StoredType.Int32).WriteNumber("v", number);
                break;
            case long number:
                Typed(writer, StoredType.Int64).WriteString("v", number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                Typed(writer, StoredType.Double).WriteNumber("v", number);
                break;
            case double number:
                Typed(writer, StoredType.Double).WriteString("v", number.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal number:
                Typed(writer, StoredType.Decimal).WriteString("v", number.ToString(CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                Typed(writer, StoredType.DateTime).WriteString("v", time.ToString(DateTimeLayout, CultureInfo.InvariantCulture));
                writer.WriteString("kind", time.Kind.ToString());
                break;
            case Guid id:
                Typed(writer, StoredType.Guid).WriteString("v", id);
                break;
            case Money money:
                Typed(writer, StoredType.Money).WriteString("v", money.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case OptionSetValue option:
                Typed(writer, StoredType.OptionSetValue).WriteNumber("v", option.Value);
                break;
            case OptionSetValueCollection options:
                Typed(writer, StoredType.OptionSetValueCollection).WriteStartArray("v");
                foreach (var option in options)
                {
                    writer.WriteNumberValue(option.Value);
                }

                writer.WriteEndArray();
                break;
            case EntityReference reference:
                Typed(writer, StoredType.EntityReference).WritePropertyName("v");
                WriteReference(writer, reference);
                break;
            case EntityReferenceCollection references:
                Typed(writer, StoredType.EntityReferenceCollection).WriteStartArray("v");
                foreach (var reference in references)
                {
                    WriteReference(writer, reference);
                }

                writer.WriteEndArray();
                break;
            case Entity entity:
                Typed(writer, StoredType.Entity).WritePropertyName("v");
                WriteEntity(writer, entity, depth + 1);
                break;
            case EntityCollection collection:
                Typed(writer, StoredType.EntityCollection).WriteStartObject("v");
                writer.WriteString("entityName", collection.EntityName);
                writer.WriteStartArray("entities");
                foreach (var entity in collection.Entities)
                {
                    WriteEntity(writer, entity, depth + 1);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("moreRecords", collection.MoreRecords);
                writer.WriteString("pagingCookie", collection.PagingCookie);
                writer.WriteNumber("totalRecordCount", collection.TotalRecordCount);
                writer.WriteBoolean("totalRecordCountLimitExceeded", collection.TotalRecordCountLimitExceeded);
                writer.WriteString("minActiveRowVersion", collection.MinActiveRowVersion);
                writer.WriteEndObject();
                break;
            case AliasedValue aliased:
                Typed(writer, StoredType.AliasedValue).WriteStartObject("v");
                writer.WriteString("entityLogicalName", aliased.EntityLogicalName);
                writer.WriteString("attributeLogicalName", aliased.AttributeLogicalName);
                writer.WritePropertyName("value");
                WriteValue(writer, aliased.Value, depth + 1);
                writer.WriteEndObject();
                break;
            case Array array when ElementName(array.GetType()) is { } elementName:
                Typed(writer, StoredType.Array).WriteString("of", elementName);
                writer.WriteStartArray("v");
                foreach (var item in array)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException(
                    $"holds a {value.GetType().FullName}, which cannot be stored in a record: store null, string, bool, int, long, double, decimal, "
                    + "DateTime, Guid, Money, OptionSetValue(Collection), EntityReference(Collection), Entity, EntityCollection, AliasedValue or an array of these");
        }

        writer.WriteEndObject();
    }

    private static bool HasLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        var index = span.IndexOfAnyInRange('\ud800', '\udfff');
        while (index >= 0 && index < span.Length)
        {
            if (char.IsHighSurrogate(span[index]) && index + 1 < span.Length && char.IsLowSurrogate(span[index + 1]))
            {
                index += 2;
            }
            else if (char.IsSurrogate(span[index]))
            {
                return true;
            }
            else
            {
                index++;
            }
        }

        return false;
    }

    private static Utf8JsonWriter Typed(Utf8JsonWriter writer, string type)
    {
        writer.WriteString("t", type);
        return writer;
    }

    private static void WriteReference(Utf8JsonWriter writer, EntityReference reference)
    {
        writer.WriteStartObject();
        writer.WriteString("logicalName", reference.LogicalName);
        writer.WriteString("id", reference.Id);
        if (reference.Name is not null)
        {
            writer.WriteString("name", reference.Name);
        }

        writer.WriteEndObject();
    }

    private static void WriteEntity(Utf8JsonWriter writer, Entity entity, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("logicalName", entity.LogicalName);
        writer.WriteString("id", entity.Id);
        writer.WriteStartObject("attributes");
        foreach (var (name, value) in entity.Attributes)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value, depth + 1);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static object? ReadValue(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"a value is nested more than {MaxDepth} levels deep");
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = element.GetProperty("t").GetString();
        var content = element.GetProperty("v");
        return type switch
        {
            StoredType.String when content.ValueKind == JsonValueKind.Array =>
                new string(content.EnumerateArray().Select(unit => (char)unit.GetUInt16()).ToArray()),
            StoredType.String => content.GetString(),
            StoredType.Boolean => content.GetBoolean(),
            StoredType.Int32 => content.GetInt32(),
            StoredType.Int64 => long.Parse(Text(content), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            StoredType.Double => content.ValueKind == JsonValueKind.String
                ? double.Parse(Text(content), NumberStyles.Float, CultureInfo.InvariantCulture)
                : content.GetDouble(),
            StoredType.Decimal => ParseDecimal(content),
            StoredType.DateTime => DateTime.SpecifyKind(
                DateTime.ParseExact(Text(content), DateTimeLayout, CultureInfo.InvariantCulture, DateTimeStyles.None),
                Enum.Parse<DateTimeKind>(Text(element.GetProperty("kind")))),
            StoredType.Guid => content.GetGuid(),
            StoredType.Money => new Money(ParseDecimal(content)),
            StoredType.OptionSetValue => new OptionSetValue(content.GetInt32()),
            StoredType.OptionSetValueCollection => new OptionSetValueCollection(
                content.EnumerateArray().Select(option => new OptionSetValue(option.GetInt32())).ToList()),
            StoredType.EntityReference => ReadReference(content),
            StoredType.EntityReferenceCollection => new EntityReferenceCollection(content.EnumerateArray().Select(ReadReference).ToList()),
            StoredType.Entity => ReadEntity(content, depth + 1),
            StoredType.EntityCollection => ReadEntityCollection(content, depth + 1),
            StoredType.AliasedValue => new AliasedValue(
                content.GetProperty("entityLogicalName").GetString(),
                content.GetProperty("attributeLogicalName").GetString(),
                ReadValue(content.GetProperty("value"), depth + 1)),
            StoredType.Array => ReadArray(Text(element.GetProperty("of")), content, depth + 1),
            _ => throw new FormatException($"unknown value type '{type}'"),
        };
    }

    private static string Text(JsonElement element) => element.GetString() ?? throw new FormatException("a text is null");

    private static decimal ParseDecimal(JsonElement content) =>
        decimal.Parse(Text(content), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static EntityReference ReadReference(JsonElement content)
    {
        var logicalName = content.GetProperty("logicalName").GetString() ?? "";
        var id = content.GetProperty("id").GetGuid();
        var reference = logicalName.Length == 0 ? new EntityReference { Id = id } : new EntityReference(logicalName, id);
        reference.Name = content.TryGetProperty("name", out var name) ? name.GetString() : null;
        return reference;
    }

    private static Entity ReadEntity(JsonElement content, int depth)
    {
        var logicalName = content.GetProperty("logicalName").GetString() ?? "";
        var id = content.GetProperty("id").GetGuid();
        var entity = logicalName.Length == 0 ? new Entity { Id = id } : new Entity(logicalName, id);
        foreach (var attribute in content.GetProperty("attributes").EnumerateObject())
        {
            entity.Attributes[attribute.Name] = ReadValue(attribute.Value, depth + 1);
        }

        return entity;
    }

    private static EntityCollection ReadEntityCollection(JsonElement content, int depth)
    {
        var collection = new EntityCollection { EntityName = content.GetProperty("entityName").GetString() };
        foreach (var entity in content.GetProperty("entities").EnumerateArray())
        {
            collection.Entities.Add(ReadEntity(entity, depth + 1));
        }

        collection.MoreRecords = content.GetProperty("moreRecords").GetBoolean();
        collection.PagingCookie = content.GetProperty("pagingCookie").GetString();
        collection.TotalRecordCount = content.GetProperty("totalRecordCount").GetInt32();
        collection.TotalRecordCountLimitExceeded = content.GetProperty("totalRecordCountLimitExceeded").GetBoolean();
        collection.MinActiveRowVersion = content.GetProperty("minActiveRowVersion").GetString();
        return collection;
    }

    private static Array ReadArray(string elementName, JsonElement content, int depth)
    {
        var elementType = ElementType(elementName) ?? throw new FormatException($"unknown array element type '{elementName}'");
        var array = Array.CreateInstance(elementType, content.GetArrayLength());
        var index = 0;
        foreach (var item in content.EnumerateArray())
        {
            array.SetValue(ReadValue(item, depth), index++);
        }

        return array;
    }

    // The arrays the wire codec carries: object[] and one-dimensional arrays of one supported type, early-bound entity
    // classes as Entity (as the codec reads them back).
    private static string? ElementName(Type arrayType)
    {
        if (!arrayType.IsSZArray)
        {
            return null;
        }

        var element = arrayType.GetElementType()!;
        return element == typeof(object) ? StoredType.Object
            : element == typeof(Entity) || element.IsSubclassOf(typeof(Entity)) ? StoredType.Entity
            : ElementTypes.FirstOrDefault(pair => pair.Value == element).Key;
    }

    private static Type? ElementType(string name) => name switch
    {
        StoredType.Object => typeof(object),
        StoredType.Entity => typeof(Entity),
        _ => ElementTypes.GetValueOrDefault(name),
    };

    private static readonly Dictionary<string, Type> ElementTypes = new(StringComparer.Ordinal)
    {
        [StoredType.String] = typeof(string),
        [StoredType.Boolean] = typeof(bool),
        [StoredType.Int32] = typeof(int),
        [StoredType.Int64] = typeof(long),
        [StoredType.Double] = typeof(double),
        [StoredType.Decimal] = typeof(decimal),
        [StoredType.DateTime] = typeof(DateTime),
        [StoredType.Guid] = typeof(Guid),
        [StoredType.Money] = typeof(Money),
        [StoredType.OptionSetValue] = typeof(OptionSetValue),
        [StoredType.EntityReference] = typeof(EntityReference),
        [StoredType.EntityCollection] = typeof(EntityCollection),
        [StoredType.AliasedValue] = typeof(AliasedValue),
    };

    /// <summary>The type names of the format: part of the stored data, never renamed.</summary>
    private static class StoredType
    {
        public const string String = "String";
        public const string Boolean = "Boolean";
        public const string Int32 = "Int32";
        public const string Int64 = "Int64";
        public const string Double = "Double";
        public const string Decimal = "Decimal";
        public const string DateTime = "DateTime";
        public const string Guid = "Guid";
        public const string Money = "Money";
        public const string OptionSetValue = "OptionSetValue";
        public const string OptionSetValueCollection = "OptionSetValueCollection";
        public const string EntityReference = "EntityReference";
        public const string EntityReferenceCollection = "EntityReferenceCollection";
        public const string Entity = "Entity";
        public const string EntityCollection = "EntityCollection";
        public const string AliasedValue = "AliasedValue";
        public const string Array = "Array";
        public const string Object = "Object";
    }
}
