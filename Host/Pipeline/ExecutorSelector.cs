using PluginHost.Contracts;

namespace PluginHost.Host.Pipeline;

/// <summary>Picks the executor for a step's isolation mode.</summary>
internal sealed class ExecutorSelector(Loading.InProcessExecutor inProcess, SandboxExecutorSlot sandbox)
{
    public IStepExecutor For(StepRegistration step) => step.Isolation == IsolationMode.None ? inProcess : sandbox.Executor;
}

/// <summary>
/// Where the sandbox executor plugs in. Until a sandbox is configured, sandboxed steps fail with a clear error
/// instead of running in the host or being skipped.
/// </summary>
internal sealed class SandboxExecutorSlot(IStepExecutor? executor = null)
{
    public IStepExecutor Executor { get; } = executor ?? new MissingSandbox();

    private sealed class MissingSandbox : IStepExecutor
    {
        public void Execute(StepContext context, PluginServices services) =>
            throw new PipelineException(
                ErrorCodes.PluginError,
                $"Step '{context.Step.Name}' belongs to sandboxed assembly {context.Step.AssemblyName}, but this host has no sandbox runner: " +
                "register the assembly with --isolation none to run it in the host, or run a host with the sandbox.");
    }
}
