namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context that says whether the user is an application.</summary>
public interface IPluginExecutionContext7 : IPluginExecutionContext6
{
    /// <summary>Gets a value indicating whether the user the operation runs as is an application user; false on PluginHost.</summary>
    bool IsApplicationUser { get; }
}
