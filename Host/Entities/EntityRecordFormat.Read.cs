using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Host.Entities;

// Reading: one forward pass of a Utf8JsonReader over the UTF-8 bytes (a query decodes every record of an entity, so no
// document tree). Property order does not matter, so a record written by another tool reads too: a "v" met before its "t"
// (or an array's "of") is read later from a copy of the reader left at it, and so is "attributes" met before "format".
// Unknown properties are skipped, as the JsonDocument reader before this one ignored them; a repeated property: the last wins.
internal static partial class EntityRecordFormat
{
    private static void ReadRecord(ReadOnlySpan<byte> utf8, Entity entity, ColumnSet? columns)
    {
        var reader = new Utf8JsonReader(utf8, ReadOptions);
        Next(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "a record");
        int? version = null;
        var attributesAt = default(Utf8JsonReader);
        var attributesLater = false;
        var attributesRead = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("format"u8))
            {
                Next(ref reader);
                version = reader.GetInt32();
                CheckVersion(version.Value, entity);
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                Next(ref reader);
                if (version is null)
                {
                    attributesAt = reader;
                    attributesLater = true;
                    reader.Skip();
                }
                else
                {
                    ReadAttributes(ref reader, entity, columns);
                    attributesRead = true;
                    attributesLater = false;
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        // Anything after the record's object is refused here (the reader is final: trailing text is a JsonException).
        reader.Read();
        if (version is null)
        {
            throw Missing("format");
        }

        if (attributesLater)
        {
            ReadAttributes(ref attributesAt, entity, columns);
        }
        else if (!attributesRead)
        {
            throw Missing("attributes");
        }
    }

    private static void CheckVersion(int version, Entity entity)
    {
        if (version != FormatVersion)
        {
            throw new InvalidDataException(
                $"the stored record {entity.LogicalName} {entity.Id} is in entity format {version}; this program reads format {FormatVersion}: use a newer PluginHost");
        }
    }

    private static void ReadAttributes(ref Utf8JsonReader reader, Entity entity, ColumnSet? columns)
    {
        Expect(ref reader, JsonTokenType.StartObject, "\"attributes\"");
        var all = columns is null || columns.AllColumns;
        Span<char> scratch = stackalloc char[128];
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (all)
            {
                var name = reader.GetString()!;
                Next(ref reader);
                entity.Attributes[name] = ReadValue(ref reader, 0);
                continue;
            }

            // A column left out costs no string: its name is compared as characters.
            var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            var chars = length <= scratch.Length ? scratch[..reader.CopyString(scratch)] : reader.GetString().AsSpan();
            var wanted = Wanted(columns!, chars);
            Next(ref reader);
            if (wanted is null)
            {
                reader.Skip();
            }
            else
            {
                entity.Attributes[wanted] = ReadValue(ref reader, 0);
            }
        }
    }

    private static string? Wanted(ColumnSet columns, ReadOnlySpan<char> name)
    {
        foreach (var column in columns.Columns)
        {
            if (name.SequenceEqual(column))
            {
                return column;
            }
        }

        return null;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"a value is nested more than {MaxDepth} levels deep");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "a value");
        string? type = null;
        string? elementName = null;
        DateTimeKind? kind = null;
        object? content = null;
        var contentRead = false;
        var contentAt = default(Utf8JsonReader);
        var contentLater = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                Next(ref reader);
                type = TypeName(ref reader);
            }
            else if (reader.ValueTextEquals("v"u8))
            {
                Next(ref reader);
                if (type is not null && (type != StoredType.Array || elementName is not null))
                {
                    content = ReadContent(ref reader, type, elementName, depth);
                    contentRead = true;
                    contentLater = false;
                }
                else
                {
                    contentAt = reader;
                    contentLater = true;
                    contentRead = false;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                Next(ref reader);
                kind = Kind(ref reader);
            }
            else if (reader.ValueTextEquals("of"u8))
            {
                Next(ref reader);
                elementName = Text(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (type is null)
        {
            throw Missing("t");
        }

        if (contentLater)
        {
            if (type == StoredType.Array && elementName is null)
            {
                throw Missing("of");
            }

            content = ReadContent(ref contentAt, type, elementName, depth);
        }
        else if (!contentRead)
        {
            throw Missing("v");
        }

        return type == StoredType.DateTime ? DateTime.SpecifyKind((DateTime)content!, kind ?? throw Missing("kind")) : content;
    }

    // The stored type names, the commonest first, so that a value's type is a constant, not a new string per value.
    private static readonly string[] TypeNames =
    [
        StoredType.String, StoredType.Money, StoredType.Int32, StoredType.DateTime, StoredType.EntityReference, StoredType.Boolean,
        StoredType.Int64, StoredType.Double, StoredType.Decimal, StoredType.Guid, StoredType.OptionSetValue,
        StoredType.OptionSetValueCollection, StoredType.EntityReferenceCollection, StoredType.Entity, StoredType.EntityCollection,
        StoredType.AliasedValue, StoredType.Array,
    ];

    private static string TypeName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var name in TypeNames)
            {
                if (reader.ValueTextEquals(name))
                {
                    return name;
                }
            }
        }

        var type = reader.GetString();
        throw new FormatException($"unknown value type '{type}'");
    }

    private static DateTimeKind Kind(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Utc"u8) ? DateTimeKind.Utc
        : reader.ValueTextEquals("Local"u8) ? DateTimeKind.Local
        : reader.ValueTextEquals("Unspecified"u8) ? DateTimeKind.Unspecified
        : Enum.Parse<DateTimeKind>(Text(ref reader));

    private static object? ReadContent(ref Utf8JsonReader reader, string type, string? elementName, int depth) => type switch
    {
        StoredType.String when reader.TokenType == JsonTokenType.StartArray => ReadUnits(ref reader),
        StoredType.String => reader.GetString(),
        StoredType.Boolean => reader.GetBoolean(),
        StoredType.Int32 => reader.GetInt32(),
        StoredType.Int64 => Number<long>(ref reader, NumberStyles.AllowLeadingSign),
        StoredType.Double => reader.TokenType == JsonTokenType.String ? Number<double>(ref reader, NumberStyles.Float) : reader.GetDouble(),
        StoredType.Decimal => Number<decimal>(ref reader, DecimalStyles),
        StoredType.DateTime => ReadDateTime(ref reader),
        StoredType.Guid => reader.GetGuid(),
        StoredType.Money => new Money(Number<decimal>(ref reader, DecimalStyles)),
        StoredType.OptionSetValue => new OptionSetValue(reader.GetInt32()),
        StoredType.OptionSetValueCollection => ReadOptionSetValues(ref reader),
        StoredType.EntityReference => ReadReference(ref reader),
        StoredType.EntityReferenceCollection => ReadReferences(ref reader),
        StoredType.Entity => ReadEntity(ref reader, depth + 1),
        StoredType.EntityCollection => ReadEntityCollection(ref reader, depth + 1),
        StoredType.AliasedValue => ReadAliased(ref reader, depth + 1),
        StoredType.Array => ReadArray(elementName!, ref reader, depth + 1),
        _ => throw new FormatException($"unknown value type '{type}'"),
    };

    private const NumberStyles DecimalStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    // Digits stored as text parse straight from the UTF-8 bytes unless escaped.
    private static T Number<T>(ref Utf8JsonReader reader, NumberStyles styles)
        where T : INumberBase<T> =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            ? T.Parse(reader.ValueSpan, styles, CultureInfo.InvariantCulture)
            : T.Parse(Text(ref reader), styles, CultureInfo.InvariantCulture);

    private static DateTime ReadDateTime(ref Utf8JsonReader reader)
    {
        Span<char> scratch = stackalloc char[64];
        var length = reader.TokenType == JsonTokenType.String && !reader.HasValueSequence ? reader.ValueSpan.Length : int.MaxValue;
        var text = length <= scratch.Length ? scratch[..reader.CopyString(scratch)] : Text(ref reader).AsSpan();
        return DateTime.ParseExact(text, DateTimeLayout, CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    private static string Text(ref Utf8JsonReader reader) => reader.GetString() ?? throw new FormatException("a text is null");

    private static string ReadUnits(ref Utf8JsonReader reader)
    {
        var units = new List<char>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            units.Add((char)reader.GetUInt16());
        }

        return new string(units.ToArray());
    }

    private static OptionSetValueCollection ReadOptionSetValues(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "an OptionSetValueCollection");
        var options = new List<OptionSetValue>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            options.Add(new OptionSetValue(reader.GetInt32()));
        }

        return new OptionSetValueCollection(options);
    }

    private static EntityReference ReadReference(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an EntityReference");
        string? logicalName = null;
        Guid? id = null;
        string? name = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("logicalName"u8))
            {
                Next(ref reader);
                logicalName = reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = reader.GetGuid();
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                Next(ref reader);
                name = reader.GetString();
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (logicalName is null)
        {
            throw Missing("logicalName");
        }

        var reference = logicalName.Length == 0
            ? new EntityReference { Id = id ?? throw Missing("id") }
            : new EntityReference(logicalName, id ?? throw Missing("id"));
        reference.Name = name;
        return reference;
    }

    private static EntityReferenceCollection ReadReferences(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "an EntityReferenceCollection");
        var references = new List<EntityReference>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            references.Add(ReadReference(ref reader));
        }

        return new EntityReferenceCollection(references);
    }

    private static Entity ReadEntity(ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an Entity");
        string? logicalName = null;
        Guid? id = null;
        var entity = new Entity();
        var attributesRead = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("logicalName"u8))
            {
                Next(ref reader);
                logicalName = reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = reader.GetGuid();
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                Next(ref reader);
                Expect(ref reader, JsonTokenType.StartObject, "an Entity's \"attributes\"");
                entity.Attributes.Clear();
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    Next(ref reader);
                    entity.Attributes[name] = ReadValue(ref reader, depth + 1);
                }

                attributesRead = true;
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (logicalName is null)
        {
            throw Missing("logicalName");
        }

        entity.Id = id ?? throw Missing("id");
        if (!attributesRead)
        {
            throw Missing("attributes");
        }

        if (logicalName.Length > 0)
        {
            entity.LogicalName = logicalName;
        }

        return entity;
    }

    private static EntityCollection ReadEntityCollection(ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an EntityCollection");
        var collection = new EntityCollection();
        var seen = 0;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var property = reader.ValueTextEquals("entityName"u8) ? 1
                : reader.ValueTextEquals("entities"u8) ? 2
                : reader.ValueTextEquals("moreRecords"u8) ? 3
                : reader.ValueTextEquals("pagingCookie"u8) ? 4
                : reader.ValueTextEquals("totalRecordCount"u8) ? 5
                : reader.ValueTextEquals("totalRecordCountLimitExceeded"u8) ? 6
                : reader.ValueTextEquals("minActiveRowVersion"u8) ? 7
                : 0;
            Next(ref reader);
            switch (property)
            {
                case 1:
                    collection.EntityName = reader.GetString();
                    break;
                case 2:
                    Expect(ref reader, JsonTokenType.StartArray, "an EntityCollection's \"entities\"");
                    collection.Entities.Clear();
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        collection.Entities.Add(ReadEntity(ref reader, depth + 1));
                    }

                    break;
                case 3:
                    collection.MoreRecords = reader.GetBoolean();
                    break;
                case 4:
                    collection.PagingCookie = reader.GetString();
                    break;
                case 5:
                    collection.TotalRecordCount = reader.GetInt32();
                    break;
                case 6:
                    collection.TotalRecordCountLimitExceeded = reader.GetBoolean();
                    break;
                case 7:
                    collection.MinActiveRowVersion = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }

            seen |= 1 << property;
        }

        ReadOnlySpan<string> required =
            ["", "entityName", "entities", "moreRecords", "pagingCookie", "totalRecordCount", "totalRecordCountLimitExceeded", "minActiveRowVersion"];
        for (var property = 1; property < required.Length; property++)
        {
            if ((seen & (1 << property)) == 0)
            {
                throw Missing(required[property]);
            }
        }

        return collection;
    }

    private static AliasedValue ReadAliased(ref Utf8JsonReader reader, int depth)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an AliasedValue");
        string? entityName = null, attributeName = null;
        bool hasEntityName = false, hasAttributeName = false, hasValue = false;
        object? value = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("entityLogicalName"u8))
            {
                Next(ref reader);
                entityName = reader.GetString();
                hasEntityName = true;
            }
            else if (reader.ValueTextEquals("attributeLogicalName"u8))
            {
                Next(ref reader);
                attributeName = reader.GetString();
                hasAttributeName = true;
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                Next(ref reader);
                value = ReadValue(ref reader, depth);
                hasValue = true;
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        return !hasEntityName ? throw Missing("entityLogicalName")
            : !hasAttributeName ? throw Missing("attributeLogicalName")
            : !hasValue ? throw Missing("value")
            : new AliasedValue(entityName, attributeName, value);
    }

    private static Array ReadArray(string elementName, ref Utf8JsonReader reader, int depth)
    {
        var elementType = ElementType(elementName) ?? throw new FormatException($"unknown array element type '{elementName}'");
        Expect(ref reader, JsonTokenType.StartArray, "an Array");
        var items = new List<object?>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            items.Add(ReadValue(ref reader, depth));
        }

        var array = Array.CreateInstance(elementType, items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            array.SetValue(items[index], index);
        }

        return array;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatException("the JSON text ends too early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new FormatException($"{what} is {reader.TokenType} where {token} was expected");
        }
    }

    private static KeyNotFoundException Missing(string property) => new($"a required property \"{property}\" is missing");
}
