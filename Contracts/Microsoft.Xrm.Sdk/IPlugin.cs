namespace Microsoft.Xrm.Sdk;

/// <summary>Custom business logic that the pipeline runs when a registered step fires.</summary>
public interface IPlugin
{
    /// <summary>Runs the plug-in; the provider supplies the execution context, tracing and the organization service.</summary>
    void Execute(IServiceProvider serviceProvider);
}
