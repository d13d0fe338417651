namespace Microsoft.Xrm.Sdk.Query;

/// <summary>The comparison a <see cref="ConditionExpression"/> makes; the numbers match Dataverse's.</summary>
public enum ConditionOperator
{
    /// <summary>The attribute equals the value.</summary>
    Equal = 0,

    /// <summary>The attribute does not equal the value.</summary>
    NotEqual = 1,

    /// <summary>The attribute is greater than the value.</summary>
    GreaterThan = 2,

    /// <summary>The attribute is less than the value.</summary>
    LessThan = 3,

    /// <summary>The attribute is greater than or equal to the value.</summary>
    GreaterEqual = 4,

    /// <summary>The attribute is less than or equal to the value.</summary>
    LessEqual = 5,

    /// <summary>The string attribute matches a pattern in which % is any run of characters and _ is one character.</summary>
    Like = 6,

    /// <summary>The string attribute does not match the pattern.</summary>
    NotLike = 7,

    /// <summary>The attribute equals one of the values.</summary>
    In = 8,

    /// <summary>The attribute equals none of the values.</summary>
    NotIn = 9,

    /// <summary>The attribute is absent or null; takes no value.</summary>
    Null = 12,

    /// <summary>The attribute has a value; takes no value.</summary>
    NotNull = 13,
}
