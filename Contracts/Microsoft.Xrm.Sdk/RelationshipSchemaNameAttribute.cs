namespace Microsoft.Xrm.Sdk;

/// <summary>Names the relationship an early-bound property navigates.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class RelationshipSchemaNameAttribute : Attribute
{
    /// <summary>Initializes a new attribute naming the given relationship.</summary>
    /// <param name="schemaName">The relationship's schema name, such as "account_primary_contact".</param>
    public RelationshipSchemaNameAttribute(string schemaName)
    {
        SchemaName = Guard.NotNullOrEmpty(schemaName, nameof(schemaName));
    }

    /// <summary>Gets the relationship's schema name.</summary>
    public string SchemaName { get; }
}
