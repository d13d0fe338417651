namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A query whose records must have each of <see cref="Attributes"/> equal to the value at the same position in <see cref="Values"/>.</summary>
public sealed class QueryByAttribute : QueryBase
{
    private PagingInfo _pageInfo = new();

    /// <summary>Initializes a new query whose <see cref="QueryBase.EntityName"/> is set later.</summary>
    public QueryByAttribute()
        : base(null)
    {
    }

    /// <summary>Initializes a new query on the given entity.</summary>
    /// <param name="entityName">The logical name of the entity to query.</param>
    public QueryByAttribute(string entityName)
        : base(entityName)
    {
        Guard.NotNullOrEmpty(entityName, nameof(entityName));
    }

    /// <summary>Gets the logical names of the attributes to compare, one per value.</summary>
    public DataCollection<string> Attributes { get; } = [];

    /// <summary>Gets the values to compare with, one per attribute.</summary>
    public DataCollection<object?> Values { get; } = [];

    /// <summary>Gets the sort keys, first key first; records come in creation order without any.</summary>
    public DataCollection<OrderExpression> Orders { get; } = [];

    /// <summary>Gets or sets the page to return.</summary>
    public PagingInfo PageInfo
    {
        get => _pageInfo;
        set => _pageInfo = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Adds an attribute and the value it must equal.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="value">The value it must equal.</param>
    public void AddAttributeValue(string attributeName, object? value)
    {
        Guard.NotNullOrEmpty(attributeName, nameof(attributeName));
        Attributes.Add(attributeName);
        Values.Add(value);
    }

    /// <summary>Adds a sort key.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="orderType">The direction.</param>
    public void AddOrder(string attributeName, OrderType orderType) => Orders.Add(new OrderExpression(attributeName, orderType));
}
