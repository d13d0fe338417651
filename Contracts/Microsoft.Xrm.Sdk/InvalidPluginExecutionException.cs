namespace Microsoft.Xrm.Sdk;

/// <summary>
/// Thrown by a plug-in to refuse an operation: the message reaches the caller verbatim and the operation rolls back.
/// Any other exception reaches the caller only as a generic error.
/// </summary>
public class InvalidPluginExecutionException : Exception
{
    /// <summary>Initializes a new exception with a generic message and status <see cref="OperationStatus.Failed"/>.</summary>
    public InvalidPluginExecutionException()
        : base("A plug-in refused the operation.")
    {
    }

    /// <summary>Initializes a new exception with the message the caller sees and status <see cref="OperationStatus.Failed"/>.</summary>
    /// <param name="message">The message the caller sees.</param>
    public InvalidPluginExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new exception with the message the caller sees, the exception that caused it and status <see cref="OperationStatus.Failed"/>.</summary>
    /// <param name="message">The message the caller sees.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidPluginExecutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new exception with a status, such as <see cref="OperationStatus.Retry"/> for an asynchronous job worth retrying.</summary>
    /// <param name="status">How the pipeline treats the failure.</param>
    /// <param name="message">The message the caller sees.</param>
    public InvalidPluginExecutionException(OperationStatus status, string message)
        : base(message)
    {
        Status = CheckStatus(status);
    }

    /// <summary>Initializes a new exception with a status and the exception that caused it.</summary>
    /// <param name="status">How the pipeline treats the failure.</param>
    /// <param name="message">The message the caller sees.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidPluginExecutionException(OperationStatus status, string message, Exception innerException)
        : this(message, innerException)
    {
        Status = CheckStatus(status);
    }

    /// <summary>Initializes a new exception with a status and an error code of the plug-in's own.</summary>
    /// <param name="status">How the pipeline treats the failure.</param>
    /// <param name="errorCode">A number the plug-in chose; it reaches the trace log.</param>
    /// <param name="message">The message the caller sees.</param>
    public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message)
        : this(status, message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Initializes a new exception with a status, an error code of the plug-in's own and the exception that caused it.</summary>
    /// <param name="status">How the pipeline treats the failure.</param>
    /// <param name="errorCode">A number the plug-in chose; it reaches the trace log.</param>
    /// <param name="message">The message the caller sees.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message, Exception innerException)
        : this(status, message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Initializes a new exception with the HTTP status Dataverse would answer with; PluginHost answers PluginFailed (400) whatever it is.</summary>
    /// <param name="message">The message the caller sees.</param>
    /// <param name="httpStatus">The HTTP status the plug-in asks for.</param>
    public InvalidPluginExecutionException(string message, PluginHttpStatusCode httpStatus)
        : this(message)
    {
        HttpStatus = httpStatus;
    }

    /// <summary>Gets how the pipeline treats the failure; <see cref="OperationStatus.Failed"/> unless given.</summary>
    public OperationStatus Status { get; } = OperationStatus.Failed;

    /// <summary>Gets the plug-in's own error code, or 0 when it gave none.</summary>
    public int ErrorCode { get; }

    /// <summary>Gets the HTTP status the plug-in asked for, or <see cref="PluginHttpStatusCode.BadRequest"/> when it asked for none.</summary>
    public PluginHttpStatusCode HttpStatus { get; } = PluginHttpStatusCode.BadRequest;

    private static OperationStatus CheckStatus(OperationStatus status) =>
        Enum.IsDefined(typeof(OperationStatus), status)
            ? status
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Use a named OperationStatus value.");
}
