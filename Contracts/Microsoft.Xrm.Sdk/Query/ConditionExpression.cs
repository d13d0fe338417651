using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A comparison of one attribute with zero or more values.</summary>
public sealed class ConditionExpression
{
    private string _attributeName;
    private ConditionOperator _operator;

    /// <summary>Initializes a new condition on the given attribute.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with: none for Null and NotNull, one or more for In and NotIn, else one.</param>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, params object?[]? values)
    {
        Guard.NotNullOrEmpty(attributeName, nameof(attributeName));
        _attributeName = attributeName;
        Operator = conditionOperator;

        // A lone null argument binds to the params array itself; it means "compare with null".
        foreach (var value in values ?? [null])
        {
            Values.Add(value);
        }
    }

    /// <summary>Gets or sets the logical name of the attribute to compare.</summary>
    public string AttributeName
    {
        get => _attributeName;
        set
        {
            Guard.NotNullOrEmpty(value, nameof(value));
            _attributeName = value;
        }
    }

    /// <summary>Gets or sets the comparison.</summary>
    public ConditionOperator Operator
    {
        get => _operator;
        set
        {
            if (!Enum.IsDefined(value.GetType(), value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use a named ConditionOperator value.");
            }

            _operator = value;
        }
    }

    /// <summary>Gets the values to compare with.</summary>
    public Collection<object?> Values { get; } = [];
}
