using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that sends an e-mail activity; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class SendEmailRequest : OrganizationRequest
{
    /// <summary>Initializes a new SendEmail request.</summary>
    public SendEmailRequest()
        : base("SendEmail")
    {
    }

    /// <summary>Gets or sets the e-mail record's id.</summary>
    public Guid EmailId
    {
        get => ParameterValues.Get<Guid>(Parameters, "EmailId");
        set => Parameters["EmailId"] = value;
    }

    /// <summary>Gets or sets whether to send it (false only marks it sent).</summary>
    public bool IssueSend
    {
        get => ParameterValues.Get<bool>(Parameters, "IssueSend");
        set => Parameters["IssueSend"] = value;
    }

    /// <summary>Gets or sets the tracking token to put in the subject.</summary>
    public string? TrackingToken
    {
        get => ParameterValues.Get<string>(Parameters, "TrackingToken");
        set => Parameters["TrackingToken"] = value;
    }
}
