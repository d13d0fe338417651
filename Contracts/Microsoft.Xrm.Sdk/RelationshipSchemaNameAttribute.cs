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

    /// <summary>Initializes a new attribute naming the given relationship and the side of a self-referencing one.</summary>
    /// <param name="schemaName">The relationship's schema name.</param>
    /// <param name="primaryEntityRole">Which side the property navigates from: 0 referencing, 1 referenced.</param>
    public RelationshipSchemaNameAttribute(string schemaName, int primaryEntityRole)
        : this(schemaName)
    {
        PrimaryEntityRole = primaryEntityRole;
    }

    /// <summary>Gets the relationship's schema name.</summary>
    public string SchemaName { get; }

    /// <summary>Gets the side of a self-referencing relationship (0 referencing, 1 referenced), or null for others.</summary>
    public int? PrimaryEntityRole { get; }
}
