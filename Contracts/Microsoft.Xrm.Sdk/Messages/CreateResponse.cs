namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="CreateRequest"/>.</summary>
public sealed class CreateResponse : OrganizationResponse
{
    /// <summary>Initializes a new Create response.</summary>
    public CreateResponse()
    {
        ResponseName = "Create";
    }

    /// <summary>Gets the new record's id.</summary>
    public Guid id => ParameterValues.Get<Guid>(Results, "id");
}
