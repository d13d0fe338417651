namespace Microsoft.Xrm.Sdk;

/// <summary>How an <see cref="InvalidPluginExecutionException"/> asks the pipeline to treat the failed operation.</summary>
public enum OperationStatus
{
    /// <summary>The operation failed; an asynchronous job is not retried.</summary>
    Failed = 0,

    /// <summary>The operation was canceled.</summary>
    Canceled = 1,

    /// <summary>The operation failed for a passing reason; an asynchronous job is retried later.</summary>
    Retry = 2,

    /// <summary>The operation succeeded.</summary>
    Succeeded = 3,
}
