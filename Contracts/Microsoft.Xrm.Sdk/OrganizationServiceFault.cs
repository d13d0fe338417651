using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// What went wrong in an organization-service call: the detail of the <c>FaultException&lt;OrganizationServiceFault&gt;</c>
/// that the call throws.
/// </summary>
[DataContract(Name = "OrganizationServiceFault", Namespace = "http://schemas.microsoft.com/xrm/2011/Contracts")]
public sealed class OrganizationServiceFault
{
    /// <summary>Gets or sets the error's number, such as -2147220969 for a record that does not exist.</summary>
    [DataMember]
    public int ErrorCode { get; set; }

    /// <summary>Gets or sets the error's message.</summary>
    [DataMember]
    public string? Message { get; set; }

    /// <summary>Gets or sets when the error happened (UTC).</summary>
    [DataMember]
    public DateTime Timestamp { get; set; }

    /// <summary>Gets or sets the trace text of the plug-in that failed, if any.</summary>
    [DataMember]
    public string? TraceText { get; set; }

    /// <summary>Gets or sets the fault that caused this one, if any.</summary>
    [DataMember]
    public OrganizationServiceFault? InnerFault { get; set; }

    /// <summary>Gets or sets a link to help about the error, if any.</summary>
    [DataMember]
    public string? HelpLink { get; set; }

    /// <summary>Gets extra facts about the error by name, such as PluginHost's own error code.</summary>
    [DataMember]
    public ErrorDetailCollection ErrorDetails { get; private set; } = new();
}
