using System.Globalization;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http;

/// <summary>
/// Attribute values in JSON (SPEC §8): plain strings, numbers, booleans and null, and typed values as
/// <c>{"@type": "...", ...}</c>. Output uses the same forms, adding a type where a plain number would read back as
/// a different type, so that a value written and read back keeps its type.
/// </summary>
internal static class TypedJson
{
    public static Entity ReadEntity(string logicalName, Guid id, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw PipelineException.BadRequest($"the body must be a JSON object of attributes, not {body.ValueKind.ToString().ToLowerInvariant()}");
        }

        var entity = new Entity(logicalName, id);
        foreach (var property in body.EnumerateObject())
        {
            entity.Attributes[property.Name] = ReadValue(property.Value, property.Name);
        }

        return entity;
    }

    public static ParameterCollection ReadParameters(JsonElement body)
    {
        var parameters = new ParameterCollection();
        if (body.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return parameters;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw PipelineException.BadRequest("the body must be a JSON object of parameters");
        }

        foreach (var property in body.EnumerateObject())
        {
            parameters[property.Name] = ReadValue(property.Value, property.Name);
        }

        return parameters;
    }

    public static object? ReadValue(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => ReadNumber(value, name),
        JsonValueKind.Array => value.EnumerateArray().Select((item, index) => ReadValue(item, $"{name}[{index}]")).ToArray(),
        JsonValueKind.Object => ReadTyped(value, name),
        _ => throw PipelineException.BadRequest($"'{name}' has an unsupported JSON value"),
    };

    private static object ReadNumber(JsonElement value, string name)
    {
        if (value.TryGetInt32(out var small))
        {
            return small;
        }

        if (value.TryGetInt64(out var large))
        {
            return large;
        }

        return value.TryGetDecimal(out var number)
            ? number
            : throw PipelineException.BadRequest($"'{name}' is a number out of range: {value.GetRawText()}");
    }

    private static object ReadTyped(JsonElement value, string name)
    {
        if (!value.TryGetProperty("@type", out var typeProperty) || typeProperty.ValueKind != JsonValueKind.String)
        {
            throw PipelineException.BadRequest($"'{name}' is a JSON object without \"@type\": use a plain value or a typed one such as {{\"@type\":\"Money\",\"value\":1.5}}");
        }

        var type = typeProperty.GetString();
        try
        {
            return type switch
            {
                "EntityReference" => new EntityReference(RequiredString(value, "logicalName", name), ParseGuid(RequiredString(value, "id", name), name)),
                "Money" => new Money(Required(value, "value", name).GetDecimal()),
                "OptionSetValue" => new OptionSetValue(Required(value, "value", name).GetInt32()),
                "DateTime" => ParseDateTime(RequiredString(value, "value", name), name),
                "Guid" => ParseGuid(RequiredString(value, "value", name), name),
                "Int64" => Required(value, "value", name).GetInt64(),
                "Double" => Required(value, "value", name).GetDouble(),
                "Decimal" => Required(value, "value", name).GetDecimal(),
                "Entity" => ReadEntity(
                    RequiredString(value, "logicalName", name),
                    value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? ParseGuid(id.GetString()!, name) : Guid.Empty,
                    Required(value, "attributes", name)),
                "EntityCollection" => ReadCollection(value, name),
                _ => throw PipelineException.BadRequest(
                    $"'{name}' has unknown \"@type\" '{type}': use EntityReference, Money, OptionSetValue, DateTime, Guid, Int64, Double, Decimal, Entity or EntityCollection"),
            };
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw PipelineException.BadRequest($"'{name}' is not a valid {type}: {exception.Message}");
        }
    }

    private static EntityCollection ReadCollection(JsonElement value, string name)
    {
        var collection = new EntityCollection();
        foreach (var (item, index) in Required(value, "entities", name).EnumerateArray().Select((item, index) => (item, index)))
        {
            collection.Entities.Add(ReadTyped(item, $"{name}.entities[{index}]") as Entity
                ?? throw PipelineException.BadRequest($"'{name}.entities[{index}]' is not an Entity"));
        }

        return collection;
    }

    private static JsonElement Required(JsonElement value, string property, string name) =>
        value.TryGetProperty(property, out var found) ? found : throw PipelineException.BadRequest($"'{name}' lacks \"{property}\"");

    private static string RequiredString(JsonElement value, string property, string name) =>
        Required(value, property, name) is { ValueKind: JsonValueKind.String } found
            ? found.GetString()!
            : throw PipelineException.BadRequest($"'{name}'.\"{property}\" must be a string");

    private static Guid ParseGuid(string text, string name) =>
        Guid.TryParse(text, out var id) ? id : throw PipelineException.BadRequest($"'{name}': '{text}' is not a valid GUID");

    private static DateTime ParseDateTime(string text, string name) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw PipelineException.BadRequest($"'{name}': '{text}' is not a valid date and time (use ISO 8601, e.g. 2026-01-01T00:00:00Z)");

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
            case double number:
                WriteTyped(writer, "Double", w => w.WriteNumber("value", number));
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
