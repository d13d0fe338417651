using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>An ordered list of requests, such as the ones ExecuteMultiple runs.</summary>
public sealed class OrganizationRequestCollection : Collection<OrganizationRequest>
{
    /// <summary>Adds requests at the end.</summary>
    /// <param name="items">The requests.</param>
    public void AddRange(params OrganizationRequest[] items) => AddRange((IEnumerable<OrganizationRequest>)items);

    /// <summary>Adds requests at the end.</summary>
    /// <param name="items">The requests.</param>
    public void AddRange(IEnumerable<OrganizationRequest> items)
    {
        Guard.NotNull(items, nameof(items));
        foreach (var item in items)
        {
            Add(item);
        }
    }
}
