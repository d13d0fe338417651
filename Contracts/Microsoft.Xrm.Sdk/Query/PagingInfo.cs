namespace Microsoft.Xrm.Sdk.Query;

/// <summary>Which page of results a query asks for, and whether it wants the total count.</summary>
public sealed class PagingInfo
{
    /// <summary>Gets or sets how many records a page holds; 0 asks for no paging.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the one-based number of the page to return.</summary>
    public int PageNumber { get; set; }

    /// <summary>Gets or sets the cookie of the previous page's results, to continue right after its last record.</summary>
    public string? PagingCookie { get; set; }

    /// <summary>Gets or sets a value indicating whether the results carry the total number of matching records.</summary>
    public bool ReturnTotalRecordCount { get; set; }
}
