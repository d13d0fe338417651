namespace Microsoft.Xrm.Sdk;

/// <summary>Names the attribute an early-bound property reads and writes.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class AttributeLogicalNameAttribute : Attribute
{
    /// <summary>Initializes a new attribute naming the given attribute.</summary>
    /// <param name="logicalName">The attribute's logical name, such as "name".</param>
    public AttributeLogicalNameAttribute(string logicalName)
    {
        LogicalName = Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
    }

    /// <summary>Gets the attribute's logical name.</summary>
    public string LogicalName { get; }
}
