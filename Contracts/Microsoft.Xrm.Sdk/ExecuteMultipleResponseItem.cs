namespace Microsoft.Xrm.Sdk;

/// <summary>The outcome of one request of ExecuteMultiple: its response or its fault.</summary>
public sealed class ExecuteMultipleResponseItem
{
    /// <summary>Gets or sets the position of the request in the ExecuteMultiple request's collection.</summary>
    public int RequestIndex { get; set; }

    /// <summary>Gets or sets the request's response, when it succeeded and responses were asked for.</summary>
    public OrganizationResponse? Response { get; set; }

    /// <summary>Gets or sets the request's fault, when it failed.</summary>
    public OrganizationServiceFault? Fault { get; set; }
}
