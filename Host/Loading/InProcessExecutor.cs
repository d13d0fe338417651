using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Loading;

/// <summary>Runs trusted plug-ins in the host process (isolation <c>none</c>).</summary>
internal sealed class InProcessExecutor(InProcessLoader loader) : IStepExecutor
{
    public void Execute(StepContext context, PluginServices services)
    {
        var (loaded, step) = loader.Enter(context.Step);
        try
        {
            var plugin = loaded.InstanceFor(step);

            // Run in a copy of the execution context that is thrown away afterwards: an AsyncLocal the plug-in sets
            // must not stay on a host thread and keep its load context alive.
            var executionContext = ExecutionContext.Capture();
            if (executionContext is null)
            {
                plugin.Execute(services);
            }
            else
            {
                ExecutionContext.Run(executionContext, state => ((Microsoft.Xrm.Sdk.IPlugin)state!).Execute(services), plugin);
            }
        }
        finally
        {
            loaded.Exit();
        }
    }
}
