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
internal static partial class TypedJson
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
            CheckAttributeName(logicalName, property.Name);
            entity.Attributes[property.Name] = ReadValue(property.Value, property.Name);
        }

        return entity;
    }

    /// <summary>
    /// An attribute name must be a logical name, and not the record's id under either of its names: "id" and
    /// "&lt;entity&gt;id" answer with the id in queries and responses, so a stored attribute of that name could never be read.
    /// </summary>
    private static void CheckAttributeName(string logicalName, string name)
    {
        if (name.Length == 0)
        {
            throw PipelineException.BadRequest("an attribute name is empty ('')");
        }

        if (!Registration.Store.Names.IsValidLogicalName(name))
        {
            throw PipelineException.BadRequest(
                $"'{name}' is not a valid attribute name: use letters, digits and underscores, starting with a letter or underscore (at most {Registration.Store.Names.MaxLength})");
        }

        if (name == "id" || name == $"{logicalName}id")
        {
            throw PipelineException.BadRequest(
                $"'{name}' is the record's id, not an attribute: a new record gets its id from the host, and an update names it in the URL");
        }
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
            parameters[property.Name.Length > 0 ? property.Name : throw PipelineException.BadRequest("a parameter name is empty ('')")] =
                ReadValue(property.Value, property.Name);
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
            : throw PipelineException.BadRequest(
                $"'{name}' is the number {Shown(value)}, which is out of range: a plain number must fit a decimal (±{decimal.MaxValue:N0})");
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
                "EntityReference" => new EntityReference(LogicalName(value, name), ParseGuid(RequiredString(value, "id", name), name)),
                "Money" => new Money(Decimal(value, name)),
                "OptionSetValue" => new OptionSetValue(Whole(value, name, static (JsonElement number, out int result) => number.TryGetInt32(out result), "Int32")),
                "DateTime" => ParseDateTime(RequiredString(value, "value", name), name),
                "Guid" => ParseGuid(RequiredString(value, "value", name), name),
                "Int64" => Whole(value, name, static (JsonElement number, out long result) => number.TryGetInt64(out result), "Int64"),
                "Double" => FiniteDouble(value, name),
                "Decimal" => Decimal(value, name),
                "Entity" => ReadEntity(
                    LogicalName(value, name),
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

    // Through DateTimeOffset: DateTime.TryParse with AdjustToUniversal silently moves "0001-01-01T00:00:00+05:00",
    // which is before the first representable instant in UTC, to a wrong day instead of failing.
    private static DateTime ParseDateTime(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : throw PipelineException.BadRequest(
                $"'{name}': '{text}' is not a valid date and time from 0001-01-01 to 9999-12-31 in UTC (use ISO 8601, e.g. 2026-01-01T00:00:00Z)");

    private static string LogicalName(JsonElement value, string name)
    {
        var logicalName = RequiredString(value, "logicalName", name);
        return Registration.Store.Names.IsValidLogicalName(logicalName)
            ? logicalName
            : throw PipelineException.BadRequest($"'{name}' names the entity '{logicalName}', which is not a valid logical name");
    }

    private delegate bool TryRead<T>(JsonElement number, out T result);

    private static T Whole<T>(JsonElement value, string name, TryRead<T> read, string type) =>
        Required(value, "value", name) is { ValueKind: JsonValueKind.Number } number && read(number, out var result)
            ? result
            : throw PipelineException.BadRequest($"'{name}' needs a whole number that fits {type} as its value, not {Shown(Required(value, "value", name))}");

    private static decimal Decimal(JsonElement value, string name) =>
        Required(value, "value", name) is { ValueKind: JsonValueKind.Number } number && number.TryGetDecimal(out var result)
            ? result
            : throw PipelineException.BadRequest(
                $"'{name}' needs a number that fits a decimal (±{decimal.MaxValue:N0}) as its value, not {Shown(Required(value, "value", name))}");

    // JSON has no NaN or infinity, but 1e400 reads as double infinity, and a NaN stored would make the record unreadable.
    private static double FiniteDouble(JsonElement value, string name) =>
        Required(value, "value", name) is { ValueKind: JsonValueKind.Number } number && number.TryGetDouble(out var result) && double.IsFinite(result)
            ? result
            : throw PipelineException.BadRequest(
                $"'{name}' needs a finite number that fits a double (±{double.MaxValue.ToString(CultureInfo.InvariantCulture)}) as its value, not {Shown(Required(value, "value", name))}");

    /// <summary>A value as the caller sent it, cut short if long, for an error message.</summary>
    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 64 ? text : $"{text[..64]}…";
    }
}
