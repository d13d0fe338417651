using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="SendEmailRequest"/>.</summary>
public sealed class SendEmailResponse : OrganizationResponse
{
    /// <summary>Initializes a new SendEmail response.</summary>
    public SendEmailResponse()
    {
        ResponseName = "SendEmail";
    }

    /// <summary>Gets the subject the e-mail was sent with.</summary>
    public string Subject => ParameterValues.Get<string>(Results, "Subject")!;
}
