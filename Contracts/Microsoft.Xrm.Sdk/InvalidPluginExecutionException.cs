namespace Microsoft.Xrm.Sdk;

/// <summary>
/// Thrown by a plug-in to refuse an operation: the message reaches the caller verbatim and the operation rolls back.
/// Any other exception reaches the caller only as a generic error.
/// </summary>
public sealed class InvalidPluginExecutionException : Exception
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
        if (!Enum.IsDefined(typeof(OperationStatus), status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Use a named OperationStatus value.");
        }

        Status = status;
    }

    /// <summary>Gets how the pipeline treats the failure; <see cref="OperationStatus.Failed"/> unless given.</summary>
    public OperationStatus Status { get; } = OperationStatus.Failed;
}
