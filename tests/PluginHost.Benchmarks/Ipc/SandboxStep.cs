using System.Globalization;
using Microsoft.Xrm.Sdk;
using PluginHost.Benchmarks.Setup;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Registration;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Benchmarks.Ipc;

/// <summary>
/// The sandbox side of the IPC figure: one no-op sandboxed step run through the engine's step runner (sandbox
/// executor, warm pooled worker, Execute frame out, Result frame back), and the exact bytes of that Execute frame,
/// which the raw echo sends instead.
/// </summary>
internal sealed class SandboxStep(BenchEngine bench, StepContext context, byte[] executeFrame) : IAsyncDisposable
{
    /// <summary>The Execute frame as it goes on the wire after its 4-byte length: the type byte, then the payload.</summary>
    public byte[] ExecuteFrame { get; } = executeFrame;

    public BenchEngine Engine { get; } = bench;

    /// <summary>Runs the step once through the sandbox executor.</summary>
    public void Run() => Engine.Engine.RunStep(context);

    /// <summary>
    /// Starts an engine with the no-op plug-in registered with isolation sandbox and one stage-40 step, runs the step
    /// once (the worker loads the assembly), or says why the sandbox cannot run here.
    /// </summary>
    public static async Task<(SandboxStep? Step, string? Unavailable)> TryStartAsync(BenchContext context)
    {
        var bench = context.NewEngine("sandbox");
        try
        {
            bench.RegisterNoOp(context.NoOpPluginPath, IsolationMode.Sandbox);
            bench.RegisterNoOpStep("Create", "account", 40);
            // One warm worker's round trip: the JIT warm-up runs a few hundred thousand steps, and a worker replaced
            // after MaxExecutionsPerWorker (100,000 by default) would start cold inside the measured rounds. What a
            // replacement costs is another question (README: about 150 ms of CPU per 100,000 steps).
            await bench.StartAsync(new Dictionary<string, string> { ["MaxExecutionsPerWorker"] = int.MaxValue.ToString(CultureInfo.InvariantCulture) });
            var step = bench.Steps.Current.Steps.Values.Single();
            var stepContext = StepContexts.ForCreate(step, inTransaction: true);
            bench.Engine.RunStep(stepContext);
            return (new SandboxStep(bench, stepContext, ExecuteFrameOf(step, stepContext)), null);
        }
        catch (Exception exception) when (exception is SandboxUnavailableException or PipelineException)
        {
            await bench.DisposeAsync();
            return (null, $"sandbox not available: {exception.Message}");
        }
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();

    /// <summary>What the sandbox executor writes for this step: the same message type and encoder.</summary>
    private static byte[] ExecuteFrameOf(StepRegistration step, StepContext context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)FrameType.Execute);
            new ExecuteRequest(step.StepId, step.Unit.Key, step.AssemblyName, step.TypeName, step.UnsecureConfig, step.SecureConfig, context).Write(writer);
        }

        return buffer.ToArray();
    }
}
