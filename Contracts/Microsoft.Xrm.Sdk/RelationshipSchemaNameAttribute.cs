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

    /// <summary>Initializes a new attribute naming a relationship of an entity with itself and the role the property navigates from.</summary>
    /// <param name="schemaName">The relationship's schema name, such as "account_parent_account".</param>
    /// <param name="primaryEntityRole">The role of the record that has the property.</param>
    public RelationshipSchemaNameAttribute(string schemaName, EntityRole primaryEntityRole)
        : this(schemaName)
    {
        PrimaryEntityRole = primaryEntityRole;
    }

    /// <summary>Gets the role of the record that has the property, for a relationship of an entity with itself; otherwise null.</summary>
    public EntityRole? PrimaryEntityRole { get; }

    /// <summary>Gets the relationship's schema name.</summary>
    public string SchemaName { get; }
}
