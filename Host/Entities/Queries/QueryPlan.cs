using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Host.Entities.Queries;

/// <summary>
/// The one query model the store evaluates: FetchXML, QueryExpression and QueryByAttribute all translate into it, so
/// every query language gets the same joins, filters, ordering, paging and aggregates.
/// </summary>
internal sealed class QueryPlan
{
    public required string EntityName { get; init; }

    public List<ColumnPlan> Columns { get; } = [];

    public bool AllColumns { get; set; }

    public FilterPlan Filter { get; set; } = new();

    public List<LinkPlan> Links { get; } = [];

    public List<OrderPlan> Orders { get; } = [];

    public int? Top { get; set; }

    /// <summary>Records per page; 0 when the query asks for no paging.</summary>
    public int PageSize { get; set; }

    public int PageNumber { get; set; } = 1;

    public string? PagingCookie { get; set; }

    public bool ReturnTotalRecordCount { get; set; }

    public bool Distinct { get; set; }

    /// <summary>True for an aggregate query: every column then is a grouping or an aggregate.</summary>
    public bool Aggregate { get; set; }

    /// <summary>Every link in the query, by alias, for conditions and orders that name one.</summary>
    public IEnumerable<LinkPlan> AllLinks() => Links.SelectMany(link => link.SelfAndDescendants());
}

/// <summary>A column to return: an attribute, under an alias when it has one, or an aggregate of it.</summary>
/// <param name="Attribute">The attribute's logical name.</param>
/// <param name="Alias">The name of the result column, or null for the attribute's own name.</param>
/// <param name="Function">For aggregate queries: count, countcolumn, sum, avg, min or max; null for a grouping.</param>
/// <param name="GroupBy">For aggregate queries: the column groups the results.</param>
/// <param name="DistinctValues">For countcolumn: count each distinct value once.</param>
internal sealed record ColumnPlan(string Attribute, string? Alias, string? Function = null, bool GroupBy = false, bool DistinctValues = false);

/// <summary>Conditions and child filters joined by AND, or by OR.</summary>
internal sealed class FilterPlan
{
    public bool Or { get; init; }

    public List<ConditionPlan> Conditions { get; } = [];

    public List<FilterPlan> Filters { get; } = [];

    public IEnumerable<ConditionPlan> AllConditions() => Conditions.Concat(Filters.SelectMany(filter => filter.AllConditions()));
}

/// <summary>One comparison; <paramref name="EntityAlias"/> names the link whose record it tests (null for the filter's own entity).</summary>
internal sealed record ConditionPlan(string? EntityAlias, string Attribute, ConditionOperator Operator, IReadOnlyList<object?> Values);

/// <summary>How a link's records join: SQL-like joins, or tests for the existence of a match.</summary>
internal enum LinkKind
{
    Inner,
    Outer,
    FirstMatch,
    Exists,
    NotExists,
}

/// <summary>A join from a parent (the query's entity or another link) to a linked entity.</summary>
internal sealed class LinkPlan
{
    public required string EntityName { get; init; }

    public required string Alias { get; init; }

    /// <summary>The attribute of the parent record whose value the linked attribute must equal.</summary>
    public required string ParentAttribute { get; init; }

    /// <summary>The attribute of the linked record.</summary>
    public required string LinkedAttribute { get; init; }

    public required LinkKind Kind { get; init; }

    public List<ColumnPlan> Columns { get; } = [];

    public bool AllColumns { get; set; }

    public FilterPlan Filter { get; set; } = new();

    public List<LinkPlan> Links { get; } = [];

    public IEnumerable<LinkPlan> SelfAndDescendants() => Links.SelectMany(link => link.SelfAndDescendants()).Prepend(this);
}

/// <summary>A sort key: an attribute of the query's entity or of a link, or the alias of a result column.</summary>
internal sealed record OrderPlan(string? EntityAlias, string? Attribute, string? Alias, bool Descending);
