using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>The outcomes of ExecuteMultiple's requests, in request order.</summary>
public sealed class ExecuteMultipleResponseItemCollection : Collection<ExecuteMultipleResponseItem>
{
}
