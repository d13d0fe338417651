namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context with the callers' directory identities and the portal caller, if any.</summary>
public interface IPluginExecutionContext2 : IPluginExecutionContext
{
    /// <summary>Gets the directory (Microsoft Entra ID) object id of the user the operation runs as; <see cref="Guid.Empty"/> on PluginHost, which has no directory.</summary>
    Guid UserAzureActiveDirectoryObjectId { get; }

    /// <summary>Gets the directory object id of the user who started the request; <see cref="Guid.Empty"/> on PluginHost.</summary>
    Guid InitiatingUserAzureActiveDirectoryObjectId { get; }

    /// <summary>Gets the application id of the user who started the request when that user is an application, else <see cref="Guid.Empty"/>.</summary>
    Guid InitiatingUserApplicationId { get; }

    /// <summary>Gets the id of the portal contact who made the request, or <see cref="Guid.Empty"/> when it came from no portal.</summary>
    Guid PortalsContactId { get; }

    /// <summary>Gets a value indicating whether the request came from a portal; always false on PluginHost.</summary>
    bool IsPortalsClientCall { get; }
}
