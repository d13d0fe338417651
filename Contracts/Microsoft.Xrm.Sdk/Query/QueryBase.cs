namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A query for <see cref="IOrganizationService.RetrieveMultiple(QueryBase)"/>: a <see cref="QueryByAttribute"/> or a <see cref="QueryExpression"/>.</summary>
public abstract class QueryBase
{
    private ColumnSet _columnSet = new(allColumns: true);
    private int? _topCount;

    // The pipeline evaluates only the queries of this assembly, so nothing else may derive from this class.
    private protected QueryBase(string? entityName)
    {
        EntityName = entityName;
    }

    /// <summary>Gets or sets the logical name of the entity to query.</summary>
    public string? EntityName { get; set; }

    /// <summary>Gets or sets the attributes to return; every attribute unless set (Dataverse defaults to none).</summary>
    public ColumnSet ColumnSet
    {
        get => _columnSet;
        set
        {
            Guard.NotNull(value, nameof(value));
            _columnSet = value;
        }
    }

    /// <summary>Gets or sets the most records to return, or null for no limit; it must be positive.</summary>
    public int? TopCount
    {
        get => _topCount;
        set
        {
            if (value is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "TopCount must be positive, or null for no limit.");
            }

            _topCount = value;
        }
    }
}
