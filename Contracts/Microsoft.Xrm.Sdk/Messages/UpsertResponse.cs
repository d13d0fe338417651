namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="UpsertRequest"/>.</summary>
public sealed class UpsertResponse : OrganizationResponse
{
    /// <summary>Initializes a new Upsert response.</summary>
    public UpsertResponse()
    {
        ResponseName = "Upsert";
    }

    /// <summary>Gets whether the record was created rather than updated.</summary>
    public bool RecordCreated => ParameterValues.Get<bool>(Results, "RecordCreated");

    /// <summary>Gets the record that was created or updated.</summary>
    public EntityReference Target => ParameterValues.Get<EntityReference>(Results, "Target")!;
}
