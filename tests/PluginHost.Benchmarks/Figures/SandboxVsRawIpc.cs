using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Ipc;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// sandbox_step_us, raw_ipc_us, sandbox_vs_raw_ipc_ratio: a no-op sandboxed step round trip ÷ a raw Unix-socket echo
/// of the same bytes between this process and a second one, alternated. Until the sandbox exists, the raw echo is
/// measured alone on a stand-in payload and the sandbox keys are null.
/// </summary>
internal static class SandboxVsRawIpc
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        var (sandbox, unavailable) = await SandboxStep.TryStartAsync(context);
        try
        {
            var payload = sandbox?.ExecuteFrame ?? StandInPayload(context.Options.IpcPayloadBytes);
            using var echo = EchoProcess.Start(context.Folder, payload);
            var plan = context.Plan(warmupRounds: 3, rounds: 40, operationsPerRound: 1000);
            var payloadNote = sandbox is null
                ? $"{payload.Length}-byte stand-in payload each way (--ipc-payload-bytes)"
                : $"the {payload.Length}-byte execute frame of the sandboxed step, each way";
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

            var timings = Alternating.Measure(sandbox.Run, echo.RoundTrip, plan);
            return
            [
                new Figure("sandbox_step_us", timings.AMicros.Median, "µs", Budget.None).WithSpread(timings.AMicros),
                new Figure("raw_ipc_us", timings.BMicros.Median, "µs", Budget.None) { Note = payloadNote, Details = Details(payload, plan) }.WithSpread(timings.BMicros),
                new Figure("sandbox_vs_raw_ipc_ratio", timings.Ratio.Median, "ratio", Budget.AtMost(2.0)).WithSpread(timings.Ratio),
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
        ["payload_bytes"] = payload.Length,
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
