using System.Collections;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities;

/// <summary>
/// What the store refuses to keep although the codec could: a double NaN or infinity. No JSON number can hold one,
/// and Dataverse's float columns cannot either, so a plug-in that writes one gets BadRequest naming the attribute.
/// </summary>
/// <remarks>
/// Rows stored before this rule still read: the HTTP API writes such a value as <c>{"@type":"Double","value":"NaN"}</c>.
/// </remarks>
internal static class StorableValues
{
    // The codec refuses values nested deeper than 64 levels (CodecLimits.MaxDepth), so nothing deeper reaches the store;
    // the bound also ends the walk on a value that contains itself.
    private const int MaxDepth = 64;

    /// <summary>Throws BadRequest for the first attribute holding a non-finite double, at any depth.</summary>
    public static void Check(AttributeCollection attributes)
    {
        foreach (var attribute in attributes)
        {
            if (NonFinite(attribute.Value, 0) is { } bad)
            {
                throw PipelineException.BadRequest(
                    $"'{attribute.Key}' holds the double {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which cannot be stored: store a finite number or null");
            }
        }
    }

    private static double? NonFinite(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (value)
        {
            case double number:
                return double.IsFinite(number) ? null : number;
            case AliasedValue aliased:
                return NonFinite(aliased.Value, depth + 1);
            case Entity entity:
                return entity.Attributes.Select(pair => NonFinite(pair.Value, depth + 1)).FirstOrDefault(found => found is not null);
            case EntityCollection collection:
                return collection.Entities.Select(entity => NonFinite(entity, depth + 1)).FirstOrDefault(found => found is not null);
            case string:
                return null;
            case IEnumerable items:
                foreach (var item in items)
                {
                    if (NonFinite(item, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
