using System.Collections.ObjectModel;

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
    public Collection<ConditionExpression> Conditions { get; } = [];

    /// <summary>Gets the child filters.</summary>
    public Collection<FilterExpression> Filters { get; } = [];

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
