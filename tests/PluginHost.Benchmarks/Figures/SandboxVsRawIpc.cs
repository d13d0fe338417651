using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Ipc;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// sandbox_step_us, raw_ipc_us, sandbox_vs_raw_ipc_ratio: a no-op sandboxed step round trip ÷ a raw Unix-socket echo
/// of the same bytes between this process and a second one, alternated, everything on one CPU (see
/// <see cref="OneCpu"/>). Until the sandbox exists, the raw echo is measured alone on a stand-in payload and the
/// sandbox keys are null.
/// </summary>
internal static class SandboxVsRawIpc
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        // Before the workers and the echo server start: they inherit the confinement.
        using var cpu = OneCpu.Confine();
        var (sandbox, unavailable) = await SandboxStep.TryStartAsync(context);
        try
        {
            var payload = sandbox?.ExecuteFrame ?? StandInPayload(context.Options.IpcPayloadBytes);
            using var echo = EchoProcess.Start(context.Folder, payload);
            var plan = context.Plan(warmupRounds: 5, rounds: 100, operationsPerRound: 100);
            var payloadNote = sandbox is null
                ? $"{payload.Length + Frames.HeaderBytes}-byte frame of stand-in bytes each way (--ipc-payload-bytes)"
                : $"the {payload.Length + Frames.HeaderBytes}-byte Execute frame of the sandboxed step (length, type, payload), each way";
            if (sandbox is null)
            {
                var raw = Distribution.Of(Alternating.MeasureAlone(echo.RoundTrip, plan).Select(round => round.MedianMicros));
                return
                [
                    new Figure("sandbox_step_us", null, "µs", Budget.None) { Note = unavailable },
                    new Figure("raw_ipc_us", raw.Median, "µs", Budget.None) { Note = payloadNote, Details = Details(payload, plan) }.WithSpread(raw),
                    new Figure("sandbox_vs_raw_ipc_ratio", null, "ratio", Budget.AtMost(2.0)) { Note = unavailable },
                ];
            }

            var executionsBefore = sandbox.Engine.NoOpExecutions;
            var timings = Alternating.Measure(sandbox.Run, echo.RoundTrip, plan);
            var executions = sandbox.Engine.NoOpExecutions - executionsBefore;
            var workers = sandbox.Engine.Sandboxes.Counters;
            return
            [
                new Figure("sandbox_step_us", timings.AMicros.Median, "µs", Budget.None)
                {
                    Note = "a no-op step of a sandboxed assembly through the engine's step runner and a warm worker",
                    Details = new Dictionary<string, object?>
                    {
                        ["step_executions_verified"] = executions,
                        ["workers_started"] = workers.Started,
                        ["workers_replaced_after_failure"] = workers.Replaced,
                        ["ratio_of_means"] = timings.RatioOfMeans,
                    },
                }.WithSpread(timings.AMicros),
                new Figure("raw_ipc_us", timings.BMicros.Median, "µs", Budget.None) { Note = payloadNote, Details = Details(payload, plan) }.WithSpread(timings.BMicros),
                new Figure("sandbox_vs_raw_ipc_ratio", timings.Ratio.Median, "ratio", Budget.AtMost(2.0))
                {
                    Details = new Dictionary<string, object?>
                    {
                        ["ratio_of_means"] = timings.RatioOfMeans,
                        ["rounds"] = timings.A.Length,
                        ["warmup_s"] = timings.Warmup.Seconds,
                        ["warmup_jit_settled"] = timings.Warmup.Settled,
                        ["cpu"] = cpu.Cpu,
                    },
                }.WithSpread(timings.Ratio),
            ];
        }
        finally
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, object?> Details(byte[] payload, RoundPlan plan) => new()
    {
        ["frame_bytes_each_way"] = Frames.HeaderBytes + payload.Length,
        ["rounds"] = plan.Rounds,
        ["round_trips_per_round"] = plan.OperationsPerRound,
    };

    /// <summary>Bytes that look like an encoded context (not all zero), for when no real execute frame is at hand.</summary>
    private static byte[] StandInPayload(int length)
    {
        var payload = new byte[length];
        for (var index = 0; index < payload.Length; index++)
        {
            payload[index] = (byte)(index * 31 + 7);
        }

        return payload;
    }
}
