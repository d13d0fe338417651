namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A query whose records must satisfy <see cref="Criteria"/>, joined to linked entities, sorted and paged.</summary>
public sealed class QueryExpression : QueryBase
{
    private FilterExpression _criteria = new();
    private PagingInfo _pageInfo = new();

    /// <summary>Initializes a new query whose <see cref="QueryBase.EntityName"/> is set later.</summary>
    public QueryExpression()
        : base(null)
    {
    }

    /// <summary>Initializes a new query on the given entity.</summary>
    /// <param name="entityName">The logical name of the entity to query.</param>
    public QueryExpression(string entityName)
        : base(entityName)
    {
        Guard.NotNullOrEmpty(entityName, nameof(entityName));
    }

    /// <summary>Gets or sets the filter the records must satisfy; an empty filter matches every record.</summary>
    public FilterExpression Criteria
    {
        get => _criteria;
        set => _criteria = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets the joins to other entities.</summary>
    public DataCollection<LinkEntity> LinkEntities { get; } = [];

    /// <summary>Gets the sort keys, first key first; records come in creation order without any.</summary>
    public DataCollection<OrderExpression> Orders { get; } = [];

    /// <summary>Gets or sets the page to return.</summary>
    public PagingInfo PageInfo
    {
        get => _pageInfo;
        set => _pageInfo = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets or sets a value indicating whether records whose returned columns are all equal come back once.</summary>
    public bool Distinct { get; set; }

    /// <summary>Gets or sets a value indicating whether the query may read uncommitted data; PluginHost always reads committed data.</summary>
    public bool NoLock { get; set; }

    /// <summary>Adds and returns an inner link from the query's entity to another entity.</summary>
    /// <param name="linkToEntityName">The logical name of the linked entity.</param>
    /// <param name="linkFromAttributeName">The attribute of the query's entity to join on.</param>
    /// <param name="linkToAttributeName">The attribute of the linked entity to join on.</param>
    /// <returns>The new link.</returns>
    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName) =>
        AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

    /// <summary>Adds and returns a link from the query's entity to another entity.</summary>
    /// <param name="linkToEntityName">The logical name of the linked entity.</param>
    /// <param name="linkFromAttributeName">The attribute of the query's entity to join on.</param>
    /// <param name="linkToAttributeName">The attribute of the linked entity to join on.</param>
    /// <param name="joinOperator">How the records join.</param>
    /// <returns>The new link.</returns>
    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
    {
        var link = new LinkEntity(EntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
        LinkEntities.Add(link);
        return link;
    }

    /// <summary>Adds a sort key on an attribute of the query's entity.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="orderType">The direction.</param>
    public void AddOrder(string attributeName, OrderType orderType) => Orders.Add(new OrderExpression(attributeName, orderType));
}
