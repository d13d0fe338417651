namespace Microsoft.Xrm.Sdk.PluginTelemetry;

/// <summary>How severe a log entry is, from the most detailed to the most serious.</summary>
public enum LogLevel
{
    /// <summary>The most detailed entries, for tracing a problem step by step.</summary>
    Trace = 0,

    /// <summary>Entries useful while developing.</summary>
    Debug = 1,

    /// <summary>Entries that follow the normal flow.</summary>
    Information = 2,

    /// <summary>Something unexpected that did not stop the operation.</summary>
    Warning = 3,

    /// <summary>A failure of the current operation.</summary>
    Error = 4,

    /// <summary>A failure that needs immediate attention.</summary>
    Critical = 5,

    /// <summary>Not a level to write at: turns logging off.</summary>
    None = 6,
}
