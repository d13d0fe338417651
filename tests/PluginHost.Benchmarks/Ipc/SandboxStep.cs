using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Ipc;

/// <summary>
/// The sandbox side of the IPC figure: one no-op sandboxed step, round trip to a warm worker, and the exact bytes of
/// the execute frame the host sent for it (the raw echo sends the same bytes).
/// </summary>
internal sealed class SandboxStep(Action run, byte[] executeFrame, IAsyncDisposable owner) : IAsyncDisposable
{
    /// <summary>Runs the step once through the sandbox executor.</summary>
    public Action Run { get; } = run;

    /// <summary>The payload of the execute frame the host writes to the worker for this step.</summary>
    public byte[] ExecuteFrame { get; } = executeFrame;

    /// <summary>
    /// Starts an engine with the no-op plug-in registered with isolation sandbox, or says why it cannot.
    /// </summary>
    /// <remarks>
    /// The one method to fill in once the sandbox exists: register NoOp with <c>IsolationMode.Sandbox</c> and a stage-40
    /// step, start a <see cref="BenchEngine"/> (whose HostServices will then carry the sandbox services), build a
    /// StepContext as LoadFirstCall does, and return a SandboxStep whose Run calls <c>bench.Engine.RunStep(context)</c>
    /// and whose ExecuteFrame is the payload the sandbox client wrote for that step (captured once, e.g. from its
    /// encoder).
    /// </remarks>
    public static Task<(SandboxStep? Step, string? Unavailable)> TryStartAsync(BenchContext context)
    {
        _ = context;
        return Task.FromResult<(SandboxStep?, string?)>((null, "sandbox not available: the sandbox runner is not in this build yet"));
    }

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
