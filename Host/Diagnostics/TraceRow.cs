namespace PluginHost.Host.Diagnostics;

/// <summary>How one step execution ended.</summary>
internal enum StepOutcome
{
    Succeeded,
    Failed,
    Crashed,
    Timeout,
    MemoryExceeded,
}

/// <summary>One row of the trace log: one step execution.</summary>
internal sealed record TraceRow(
    Guid? StepId,
    string PluginType,
    string Message,
    string? Entity,
    int Stage,
    int Mode,
    int Depth,
    Guid CorrelationId,
    DateTime StartedOn,
    double DurationMs,
    StepOutcome Outcome,
    string? TraceText,
    string? Exception);
