namespace Microsoft.Xrm.Sdk.Query;

/// <summary>How the conditions and child filters of a <see cref="FilterExpression"/> combine.</summary>
public enum LogicalOperator
{
    /// <summary>Every condition and child filter must hold.</summary>
    And = 0,

    /// <summary>At least one condition or child filter must hold.</summary>
    Or = 1,
}
