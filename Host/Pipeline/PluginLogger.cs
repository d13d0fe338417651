using PluginHost.Sandbox.Protocol.Telemetry;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// The PluginTelemetry logger of one step execution in the host: each entry goes to the step's trace text and to the
/// host's log (category <c>PluginHost.Plugins</c>) with the step, plug-in type and correlation id as properties. A
/// sandboxed plug-in's entries arrive through <see cref="Relay"/>.
/// </summary>
internal sealed class PluginLogger(StepContext context, TraceBuffer tracing, ILogger hostLogger) : PluginLoggerBase
{
    /// <summary>The log category plug-ins' entries are written under.</summary>
    public const string Category = "PluginHost.Plugins";

    /// <summary>
    /// The most entries one step execution writes to the host's log; the trace text (itself capped) keeps them all. A
    /// plug-in in a loop must not flood the host's console or disk.
    /// </summary>
    public const int MaxHostLogEntries = 100;

    /// <summary>The longest message of one entry in the host's log, in characters.</summary>
    public const int MaxHostLogMessage = 2000;

    private int _logged;

    /// <summary>Records an entry a plug-in wrote, here or in a sandbox worker.</summary>
    public void Relay(PluginLogEntry entry)
    {
        tracing.Append(entry.TraceText);
        var level = (LogLevel)(int)entry.Level;
        if (!hostLogger.IsEnabled(level) || Interlocked.Increment(ref _logged) > MaxHostLogEntries + 1)
        {
            return;
        }

        if (_logged == MaxHostLogEntries + 1)
        {
            hostLogger.LogWarning(
                "Plug-in {PluginType} (step {StepId}, correlation {CorrelationId}) wrote more than {MaxEntries} log entries; the rest are in its trace text only",
                context.Step.TypeName,
                context.Step.StepId,
                context.CorrelationId,
                MaxHostLogEntries);
            return;
        }

        using var scope = entry.Properties.Count == 0 ? null : hostLogger.BeginScope(entry.Properties);
        hostLogger.Log(
            level,
            "Plug-in {PluginType} (step {StepId}, correlation {CorrelationId}): {PluginMessage}",
            context.Step.TypeName,
            context.Step.StepId,
            context.CorrelationId,
            OneLine(entry.Message));
    }

    protected override void Deliver(PluginLogEntry entry) => Relay(entry);

    /// <summary>The message as one line of bounded length: a plug-in cannot forge further lines in the host's log.</summary>
    private static string OneLine(string message)
    {
        var line = message.Length > MaxHostLogMessage ? string.Concat(message.AsSpan(0, MaxHostLogMessage), "…") : message;
        return line.Any(char.IsControl) ? string.Concat(line.Select(character => char.IsControl(character) ? ' ' : character)) : line;
    }
}
