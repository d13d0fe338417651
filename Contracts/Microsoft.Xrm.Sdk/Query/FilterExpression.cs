namespace Microsoft.Xrm.Sdk.Query;

/// <summary>Conditions and child filters joined by one <see cref="LogicalOperator"/>.</summary>
public sealed class FilterExpression
{
    private LogicalOperator _filterOperator;

    /// <summary>Initializes a new filter that joins its parts with AND.</summary>
    public FilterExpression()
    {
    }

    /// <summary>Initializes a new filter that joins its parts with the given operator.</summary>
    /// <param name="filterOperator">AND or OR.</param>
    public FilterExpression(LogicalOperator filterOperator)
    {
        FilterOperator = filterOperator;
    }

    /// <summary>Gets or sets how the conditions and child filters combine.</summary>
    public LogicalOperator FilterOperator
    {
        get => _filterOperator;
        set
        {
            if (!Enum.IsDefined(value.GetType(), value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use LogicalOperator.And or LogicalOperator.Or.");
            }

            _filterOperator = value;
        }
    }

    /// <summary>Gets the conditions.</summary>
    public DataCollection<ConditionExpression> Conditions { get; } = [];

    /// <summary>Gets the child filters.</summary>
    public DataCollection<FilterExpression> Filters { get; } = [];

    /// <summary>Gets or sets a value indicating whether this is a view's quick-find filter; it changes nothing here.</summary>
    public bool IsQuickFindFilter { get; set; }

    /// <summary>Gets or sets a query hint for the database; PluginHost keeps it but does not use it.</summary>
    public string? FilterHint { get; set; }

    /// <summary>Adds a condition.</summary>
    /// <param name="condition">The condition.</param>
    public void AddCondition(ConditionExpression condition)
    {
        Guard.NotNull(condition, nameof(condition));
        Conditions.Add(condition);
    }

    /// <summary>Adds a condition on an attribute.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with.</param>
    public void AddCondition(string attributeName, ConditionOperator conditionOperator, params object?[]? values) =>
        Conditions.Add(new ConditionExpression(attributeName, conditionOperator, values));

    /// <summary>Adds a condition on an attribute of a linked entity.</summary>
    /// <param name="entityName">The alias of the linked entity the attribute belongs to.</param>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with.</param>
    public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, params object?[]? values) =>
        Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, values));

    /// <summary>Adds a child filter.</summary>
    /// <param name="filter">The child filter.</param>
    public void AddFilter(FilterExpression filter)
    {
        Guard.NotNull(filter, nameof(filter));
        Filters.Add(filter);
    }

    /// <summary>Adds and returns a new, empty child filter with the given operator.</summary>
    /// <param name="filterOperator">AND or OR.</param>
    /// <returns>The new child filter.</returns>
    public FilterExpression AddFilter(LogicalOperator filterOperator)
    {
        var filter = new FilterExpression(filterOperator);
        Filters.Add(filter);
        return filter;
    }
}
