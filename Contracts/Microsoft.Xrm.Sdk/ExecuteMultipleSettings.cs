namespace Microsoft.Xrm.Sdk;

/// <summary>How ExecuteMultiple treats failures and responses.</summary>
public sealed class ExecuteMultipleSettings
{
    /// <summary>Gets or sets whether the requests after a failed one still run.</summary>
    public bool ContinueOnError { get; set; }

    /// <summary>Gets or sets whether the responses of successful requests are returned (faults always are).</summary>
    public bool ReturnResponses { get; set; }
}
