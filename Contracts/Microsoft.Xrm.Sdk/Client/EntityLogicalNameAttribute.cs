namespace Microsoft.Xrm.Sdk.Client;

/// <summary>Names the entity an early-bound class stands for.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class EntityLogicalNameAttribute : Attribute
{
    /// <summary>Initializes a new attribute naming the given entity.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    public EntityLogicalNameAttribute(string logicalName)
    {
        LogicalName = Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
    }

    /// <summary>Gets the entity's logical name.</summary>
    public string LogicalName { get; }
}
