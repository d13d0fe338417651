using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="RetrieveRequest"/>.</summary>
public sealed class RetrieveResponse : OrganizationResponse
{
    /// <summary>Initializes a new Retrieve response.</summary>
    public RetrieveResponse()
    {
        ResponseName = "Retrieve";
    }

    /// <summary>Gets the record.</summary>
    public Entity Entity => ParameterValues.Get<Entity>(Results, "Entity")!;
}
