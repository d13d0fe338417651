using Microsoft.Xrm.Sdk;
namespace PluginHost.Host.Pipeline;

/// <summary>The error codes a caller can receive, with their HTTP status (SPEC §8).</summary>
internal static class ErrorCodes
{
    public const string PluginFailed = "PluginFailed";
    public const string InfiniteLoop = "InfiniteLoop";
    public const string PluginError = "PluginError";
    public const string Timeout = "Timeout";
    public const string SandboxCrashed = "SandboxCrashed";
    public const string SandboxMemoryExceeded = "SandboxMemoryExceeded";
    public const string NotFound = "NotFound";
    public const string BadRequest = "BadRequest";
    public const string DatabaseUnavailable = "DatabaseUnavailable";

    /// <summary>A request body, or a message to a sandbox worker, larger than the limit that applies to it.</summary>
    public const string PayloadTooLarge = "PayloadTooLarge";

    /// <summary>
    /// Whether a failure ends the whole operation even inside ExecuteMultiple with ContinueOnError: a loop past the depth
    /// limit and a lost or stopped sandbox worker are not one request's fault to report and move past.
    /// </summary>
    public static bool FailsWholeOperation(string code) => code is InfiniteLoop or Timeout or SandboxCrashed or SandboxMemoryExceeded or DatabaseUnavailable;

    public static int StatusOf(string code) => code switch
    {
        PluginFailed or InfiniteLoop or BadRequest => 400,
        NotFound => 404,
        PayloadTooLarge => 413,
        Timeout => 504,
        SandboxCrashed or SandboxMemoryExceeded => 502,
        DatabaseUnavailable => 503,
        _ => 500,
    };
}

/// <summary>An operation failed; <see cref="Exception.Message"/> is what the caller may read.</summary>
internal sealed class PipelineException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string Code { get; } = code;

    /// <summary>For a plug-in's own refusal: the status it asked for (Retry makes an async job try again).</summary>
    public OperationStatus? PluginStatus { get; init; }

    /// <summary>Dataverse's error number when it says more than <see cref="Code"/> does (a duplicate is a BadRequest).</summary>
    public int? FaultErrorCode { get; init; }

    public static PipelineException NotFound(string message) => new(ErrorCodes.NotFound, message);

    public static PipelineException BadRequest(string message) => new(ErrorCodes.BadRequest, message);

    /// <summary>A record or link that already exists: BadRequest to HTTP callers, DuplicateRecord to plug-ins.</summary>
    public static PipelineException Duplicate(string message) =>
        new(ErrorCodes.BadRequest, message) { FaultErrorCode = global::PluginHost.Sandbox.Protocol.Messages.ServiceFaults.DuplicateRecord };
}
