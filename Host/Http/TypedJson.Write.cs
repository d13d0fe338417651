using System.Globalization;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Http;

// Writing: every value a record or a response can hold has a JSON form, so no stored value can turn a listing into a
// 500. What no JSON number can hold (a double NaN or infinity, kept from before the store refused them, or put in a
// response by a plug-in) is written as text with its type: {"@type":"Double","value":"NaN"}.
internal static partial class TypedJson
{
    public static void WriteEntity(Utf8JsonWriter writer, Entity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entity.Id);
        foreach (var attribute in entity.Attributes)
        {
            if (attribute.Key != "id")
            {
                writer.WritePropertyName(attribute.Key);
                WriteValue(writer, attribute.Value);
            }
        }

        writer.WriteEndObject();
    }

    public static void WriteParameters(Utf8JsonWriter writer, ParameterCollection parameters)
    {
        writer.WriteStartObject();
        foreach (var parameter in parameters)
        {
            writer.WritePropertyName(parameter.Key);
            WriteValue(writer, parameter.Value);
        }

        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number when number is < int.MinValue or > int.MaxValue:
                writer.WriteNumberValue(number);
                break;
            case long number:
                WriteTyped(writer, "Int64", w => w.WriteNumber("value", number));
                break;
            case decimal number when number != decimal.Truncate(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                WriteTyped(writer, "Decimal", w => w.WriteNumber("value", number));
                break;
            case double number when !double.IsFinite(number):
                WriteTyped(writer, "Double", w => w.WriteString("value", number.ToString(CultureInfo.InvariantCulture)));
                break;
            case double number:
                WriteTyped(writer, "Double", w => w.WriteNumber("value", number));
                break;
            case float number:
                WriteValue(writer, (double)number);
                break;
            case Guid id:
                WriteTyped(writer, "Guid", w => w.WriteString("value", id));
                break;
            case DateTime time:
                WriteTyped(writer, "DateTime", w => w.WriteString("value", time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
                break;
            case EntityReference reference:
                WriteTyped(writer, "EntityReference", w =>
                {
                    w.WriteString("logicalName", reference.LogicalName);
                    w.WriteString("id", reference.Id);
                });
                break;
            case Money money:
                WriteTyped(writer, "Money", w => w.WriteNumber("value", money.Value));
                break;
            case OptionSetValue option:
                WriteTyped(writer, "OptionSetValue", w => w.WriteNumber("value", option.Value));
                break;
            case Entity entity:
                WriteTyped(writer, "Entity", w =>
                {
                    w.WriteString("logicalName", entity.LogicalName);
                    w.WriteString("id", entity.Id);
                    w.WritePropertyName("attributes");
                    w.WriteStartObject();
                    foreach (var attribute in entity.Attributes)
                    {
                        w.WritePropertyName(attribute.Key);
                        WriteValue(w, attribute.Value);
                    }

                    w.WriteEndObject();
                });
                break;
            case AliasedValue aliased:
                WriteTyped(writer, "AliasedValue", w =>
                {
                    w.WriteString("entityLogicalName", aliased.EntityLogicalName);
                    w.WriteString("attributeLogicalName", aliased.AttributeLogicalName);
                    w.WritePropertyName("value");
                    WriteValue(w, aliased.Value);
                });
                break;
            case EntityCollection collection:
                WriteTyped(writer, "EntityCollection", w =>
                {
                    w.WritePropertyName("entities");
                    w.WriteStartArray();
                    foreach (var entity in collection.Entities)
                    {
                        WriteValue(w, entity);
                    }

                    w.WriteEndArray();
                });
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteTyped(Utf8JsonWriter writer, string type, Action<Utf8JsonWriter> body)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", type);
        body(writer);
        writer.WriteEndObject();
    }
}
