namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A join from a query's entity (or a parent link) to another entity, with that entity's columns and criteria.</summary>
public sealed class LinkEntity
{
    private ColumnSet _columns = new();
    private FilterExpression _linkCriteria = new();

    /// <summary>Initializes a new, inner link whose entities and attributes are set later.</summary>
    public LinkEntity()
    {
    }

    /// <summary>Initializes a new link.</summary>
    /// <param name="linkFromEntityName">The logical name of the parent entity.</param>
    /// <param name="linkToEntityName">The logical name of the linked entity.</param>
    /// <param name="linkFromAttributeName">The attribute of the parent entity to join on.</param>
    /// <param name="linkToAttributeName">The attribute of the linked entity to join on.</param>
    /// <param name="joinOperator">How the records join.</param>
    public LinkEntity(string? linkFromEntityName, string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
    {
        LinkFromEntityName = linkFromEntityName;
        LinkToEntityName = linkToEntityName;
        LinkFromAttributeName = linkFromAttributeName;
        LinkToAttributeName = linkToAttributeName;
        JoinOperator = joinOperator;
    }

    /// <summary>Gets or sets the logical name of the parent entity.</summary>
    public string? LinkFromEntityName { get; set; }

    /// <summary>Gets or sets the attribute of the parent entity to join on.</summary>
    public string? LinkFromAttributeName { get; set; }

    /// <summary>Gets or sets the logical name of the linked entity.</summary>
    public string? LinkToEntityName { get; set; }

    /// <summary>Gets or sets the attribute of the linked entity to join on.</summary>
    public string? LinkToAttributeName { get; set; }

    /// <summary>Gets or sets how the records join.</summary>
    public JoinOperator JoinOperator { get; set; }

    /// <summary>Gets or sets the linked entity's attributes to return, each as an <see cref="AliasedValue"/> named "alias.attribute"; none unless set.</summary>
    public ColumnSet Columns
    {
        get => _columns;
        set => _columns = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets or sets the name that prefixes the linked entity's returned attributes and that conditions use to refer to it.</summary>
    public string? EntityAlias { get; set; }

    /// <summary>Gets or sets the filter the linked records must satisfy.</summary>
    public FilterExpression LinkCriteria
    {
        get => _linkCriteria;
        set => _linkCriteria = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets the links from the linked entity to further entities.</summary>
    public DataCollection<LinkEntity> LinkEntities { get; } = [];

    /// <summary>Gets the sort keys on the linked entity's attributes, applied after the query's own.</summary>
    public DataCollection<OrderExpression> Orders { get; } = [];

    /// <summary>Adds and returns an inner link from the linked entity to a further entity.</summary>
    /// <param name="linkToEntityName">The logical name of the further entity.</param>
    /// <param name="linkFromAttributeName">The attribute of this linked entity to join on.</param>
    /// <param name="linkToAttributeName">The attribute of the further entity to join on.</param>
    /// <returns>The new link.</returns>
    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName) =>
        AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

    /// <summary>Adds and returns a link from the linked entity to a further entity.</summary>
    /// <param name="linkToEntityName">The logical name of the further entity.</param>
    /// <param name="linkFromAttributeName">The attribute of this linked entity to join on.</param>
    /// <param name="linkToAttributeName">The attribute of the further entity to join on.</param>
    /// <param name="joinOperator">How the records join.</param>
    /// <returns>The new link.</returns>
    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
    {
        var link = new LinkEntity(LinkToEntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
        LinkEntities.Add(link);
        return link;
    }
}
