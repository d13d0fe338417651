namespace PluginHost.Host.Diagnostics;

/// <summary>Which step executions get a trace-log row.</summary>
public enum TraceLogSetting
{
    /// <summary>None.</summary>
    Off,

    /// <summary>Only executions that failed (the default).</summary>
    Exception,

    /// <summary>Every execution.</summary>
    All,
}
