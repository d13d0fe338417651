using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>An ordered list of responses, such as the ones ExecuteTransaction returns.</summary>
public sealed class OrganizationResponseCollection : Collection<OrganizationResponse>
{
}
