using System.Globalization;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Entities;

// Reading: property order does not matter, so a record written by another tool reads too.
internal static partial class EntityRecordFormat
{
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
}
