namespace Microsoft.Xrm.Sdk;

/// <summary>Extra facts about an <see cref="OrganizationServiceFault"/> by name.</summary>
public sealed class ErrorDetailCollection : DataCollection<string, object?>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public ErrorDetailCollection()
        : base("error detail", allowsNull: true)
    {
    }
}
