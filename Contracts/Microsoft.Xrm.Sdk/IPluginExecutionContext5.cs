namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context with the client that started the request.</summary>
public interface IPluginExecutionContext5 : IPluginExecutionContext4
{
    /// <summary>Gets the User-Agent the request came with, or an empty string when it had none.</summary>
    string InitiatingUserAgent { get; }
}
