using PluginHost.Registration;

namespace PluginHost.Host.Pipeline;

/// <summary>Picks the executor for a step's isolation mode.</summary>
internal sealed class ExecutorSelector(Loading.InProcessExecutor inProcess, Sandbox.SandboxExecutor sandbox)
{
    public IStepExecutor For(StepRegistration step) => step.Isolation == IsolationMode.None ? inProcess : sandbox;
}
