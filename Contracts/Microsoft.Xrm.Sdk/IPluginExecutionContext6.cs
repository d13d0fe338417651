namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context with the environment and tenant the operation runs in.</summary>
public interface IPluginExecutionContext6 : IPluginExecutionContext5
{
    /// <summary>Gets the id of the environment: on PluginHost the organization id, as text.</summary>
    string EnvironmentId { get; }

    /// <summary>Gets the id of the tenant: on PluginHost, which has no tenants, an empty Guid as text.</summary>
    string TenantId { get; }
}
