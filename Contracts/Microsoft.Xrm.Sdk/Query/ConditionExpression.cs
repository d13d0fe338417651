using System.Collections;

namespace Microsoft.Xrm.Sdk.Query;

/// <summary>A comparison of one attribute with zero or more values.</summary>
public sealed class ConditionExpression
{
    private string _attributeName = null!;
    private ConditionOperator _operator;

    /// <summary>Initializes a new condition whose attribute, operator and values are set later.</summary>
    public ConditionExpression()
    {
    }

    /// <summary>Initializes a new condition that takes no value, such as Null or EqualUserId.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator)
    {
        AttributeName = attributeName;
        Operator = conditionOperator;
    }

    /// <summary>Initializes a new condition with one value.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="value">The value to compare with.</param>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, object? value)
        : this(attributeName, conditionOperator)
    {
        Values.Add(value);
    }

    /// <summary>Initializes a new condition on the given attribute.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with: none for Null and NotNull, one or more for In and NotIn, two for Between, else one.</param>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, params object?[]? values)
        : this(attributeName, conditionOperator)
    {
        AddValues(values);
    }

    /// <summary>Initializes a new condition whose values are the items of a collection.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with.</param>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, ICollection values)
        : this(attributeName, conditionOperator)
    {
        Guard.NotNull(values, nameof(values));
        foreach (var value in values)
        {
            Values.Add(value);
        }
    }

    /// <summary>Initializes a new condition that takes no value, on an attribute of a linked entity.</summary>
    /// <param name="entityName">The alias of the linked entity the attribute belongs to.</param>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator)
        : this(attributeName, conditionOperator)
    {
        EntityName = entityName;
    }

    /// <summary>Initializes a new condition with one value, on an attribute of a linked entity.</summary>
    /// <param name="entityName">The alias of the linked entity the attribute belongs to.</param>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="value">The value to compare with.</param>
    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, object? value)
        : this(attributeName, conditionOperator, value)
    {
        EntityName = entityName;
    }

    /// <summary>Initializes a new condition on an attribute of a linked entity.</summary>
    /// <param name="entityName">The alias of the linked entity the attribute belongs to.</param>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <param name="conditionOperator">The comparison.</param>
    /// <param name="values">The values to compare with.</param>
    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, params object?[]? values)
        : this(attributeName, conditionOperator, values)
    {
        EntityName = entityName;
    }

    /// <summary>Gets or sets the alias of the linked entity whose attribute is compared, or null for the entity the filter belongs to.</summary>
    public string? EntityName { get; set; }

    /// <summary>Gets or sets the logical name of the attribute to compare; null until set on a condition made without one.</summary>
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
    public DataCollection<object?> Values { get; } = [];

    private void AddValues(object?[]? values)
    {
        // A lone null argument binds to the params array itself; it means "compare with null".
        foreach (var value in values ?? [null])
        {
            Values.Add(value);
        }
    }
}
