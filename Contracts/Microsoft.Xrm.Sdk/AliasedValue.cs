namespace Microsoft.Xrm.Sdk;

/// <summary>A value a query returned from a linked entity or an aggregate, with the attribute it came from.</summary>
public sealed class AliasedValue
{
    /// <summary>Initializes a new aliased value with no source and no value.</summary>
    public AliasedValue()
    {
    }

    /// <summary>Initializes a new aliased value.</summary>
    /// <param name="entityLogicalName">The logical name of the entity the value came from.</param>
    /// <param name="attributeLogicalName">The logical name of the attribute the value came from.</param>
    /// <param name="value">The value.</param>
    public AliasedValue(string? entityLogicalName, string? attributeLogicalName, object? value)
    {
        EntityLogicalName = entityLogicalName;
        AttributeLogicalName = attributeLogicalName;
        Value = value;
    }

    /// <summary>Gets the logical name of the entity the value came from.</summary>
    public string? EntityLogicalName { get; private set; }

    /// <summary>Gets the logical name of the attribute the value came from.</summary>
    public string? AttributeLogicalName { get; private set; }

    /// <summary>Gets the value itself.</summary>
    public object? Value { get; private set; }

    /// <summary>Returns the value's text, for tracing.</summary>
    /// <returns>The value's text, or an empty string for null.</returns>
    public override string ToString() => Value?.ToString() ?? string.Empty;
}
