using System.Globalization;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Entities;

// Writing: one typed JSON object per value, or null.
internal static partial class EntityRecordFormat
{
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
}
