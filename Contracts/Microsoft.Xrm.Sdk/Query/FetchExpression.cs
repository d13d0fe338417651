namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A query written in FetchXML.</summary>
public sealed class FetchExpression : QueryBase
{
    /// <summary>Initializes a new query whose FetchXML is set later.</summary>
    public FetchExpression()
        : base(null)
    {
    }

    /// <summary>Initializes a new query from FetchXML.</summary>
    /// <param name="query">The FetchXML text, a <c>fetch</c> element.</param>
    public FetchExpression(string query)
        : base(null)
    {
        Query = query;
    }

    /// <summary>Gets or sets the FetchXML text.</summary>
    public string? Query { get; set; }
}
