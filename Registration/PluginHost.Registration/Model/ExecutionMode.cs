namespace PluginHost.Registration;

/// <summary>Whether a step runs as part of the request or later as a queued job.</summary>
public enum ExecutionMode
{
    /// <summary>Runs as part of the request; a failure fails the request.</summary>
    Synchronous = 0,

    /// <summary>Runs after the operation commits, as a queued job.</summary>
    Asynchronous = 1,
}
