namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A query whose records must satisfy <see cref="Criteria"/>: conditions joined by AND or OR, nested as deep as needed.</summary>
public sealed class QueryExpression : QueryBase
{
    private FilterExpression _criteria = new();

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
        set
        {
            Guard.NotNull(value, nameof(value));
            _criteria = value;
        }
    }
}
