using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Messages;

/// <summary>
/// PluginHost finds records by id only: a Target that names its record by alternate key (KeyAttributes) is refused
/// in both isolations, instead of being created again or missed (the wire does not carry keys).
/// </summary>
public static class AlternateKeys
{
    /// <summary>Why the request's Target cannot run, or null when it names no alternate key.</summary>
    public static string? Problem(string message, ParameterCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var keyed = parameters.TryGetValue("Target", out var target) && target switch
        {
            Entity entity => entity.KeyAttributes.Count > 0,
            EntityReference reference => reference.KeyAttributes.Count > 0,
            _ => false,
        };
        return keyed
            ? $"{message} names its Target by alternate key (KeyAttributes), which PluginHost does not support: name the record by its Id"
            : null;
    }
}
