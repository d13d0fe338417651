namespace Microsoft.Xrm.Sdk.Query;

/// <summary>One sort key of a query: an attribute (or an aggregate's alias) and a direction.</summary>
public sealed class OrderExpression
{
    /// <summary>Initializes a new, ascending sort key whose attribute is set later.</summary>
    public OrderExpression()
    {
    }

    /// <summary>Initializes a new sort key on an attribute.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="orderType">The direction.</param>
    public OrderExpression(string attributeName, OrderType orderType)
    {
        AttributeName = attributeName;
        OrderType = orderType;
    }

    /// <summary>Initializes a new sort key on an attribute or on the alias of an aggregate column.</summary>
    /// <param name="attributeName">The attribute's logical name, or null when sorting by <paramref name="alias"/>.</param>
    /// <param name="orderType">The direction.</param>
    /// <param name="alias">The alias of an aggregate or grouped column, or null.</param>
    public OrderExpression(string? attributeName, OrderType orderType, string? alias)
    {
        AttributeName = attributeName;
        OrderType = orderType;
        Alias = alias;
    }

    /// <summary>Initializes a new sort key on an attribute of a linked entity.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="orderType">The direction.</param>
    /// <param name="alias">The alias of an aggregate or grouped column, or null.</param>
    /// <param name="entityName">The alias of the linked entity the attribute belongs to, or null for the query's entity.</param>
    public OrderExpression(string? attributeName, OrderType orderType, string? alias, string? entityName)
        : this(attributeName, orderType, alias)
    {
        EntityName = entityName;
    }

    /// <summary>Gets or sets the logical name of the attribute to sort by.</summary>
    public string? AttributeName { get; set; }

    /// <summary>Gets or sets the direction.</summary>
    public OrderType OrderType { get; set; }

    /// <summary>Gets or sets the alias of the aggregate or grouped column to sort by, instead of an attribute.</summary>
    public string? Alias { get; set; }

    /// <summary>Gets or sets the alias of the linked entity whose attribute to sort by, or null for the query's entity.</summary>
    public string? EntityName { get; set; }
}
