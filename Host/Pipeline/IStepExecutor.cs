namespace PluginHost.Host.Pipeline;

/// <summary>
/// Runs one step's plug-in. The seam between the pipeline and isolation: in the host process for trusted
/// assemblies, in a sandbox worker for untrusted ones. On return the context's collections (Target, output
/// parameters, shared variables) hold what the plug-in left in them.
/// </summary>
internal interface IStepExecutor
{
    void Execute(StepContext context, PluginServices services);
}
