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

    /// <summary>Records an entry a plug-in wrote, here or in a sandbox worker.</summary>
    public void Relay(PluginLogEntry entry)
    {
        tracing.Append(entry.TraceText);
        var level = (LogLevel)(int)entry.Level;
        if (!hostLogger.IsEnabled(level))
        {
            return;
        }

        using var scope = entry.Properties.Count == 0 ? null : hostLogger.BeginScope(entry.Properties);
        hostLogger.Log(
            level,
            "Plug-in {PluginType} (step {StepId}, correlation {CorrelationId}): {PluginMessage}",
            context.Step.TypeName,
            context.Step.StepId,
            context.CorrelationId,
            entry.Message);
    }

    protected override void Deliver(PluginLogEntry entry) => Relay(entry);
}
