namespace Microsoft.Xrm.Sdk;

/// <summary>A relationship between two entities by schema name, as Associate and Disassociate take it.</summary>
public sealed class Relationship : IEquatable<Relationship>
{
    /// <summary>Initializes a new relationship whose <see cref="SchemaName"/> is null until set, for initializer syntax.</summary>
    public Relationship()
    {
    }

    /// <summary>Initializes a new relationship with the given schema name.</summary>
    /// <param name="schemaName">The relationship's schema name, such as "contact_accounts".</param>
    public Relationship(string schemaName)
    {
        SchemaName = schemaName;
    }

    /// <summary>Gets or sets the relationship's schema name.</summary>
    public string? SchemaName { get; set; }

    /// <summary>Gets or sets which side the primary record is on, for a relationship of an entity with itself.</summary>
    public EntityRole? PrimaryEntityRole { get; set; }

    /// <summary>Returns whether the other relationship has the same schema name and role.</summary>
    /// <param name="other">The other relationship.</param>
    /// <returns>True when both match.</returns>
    public bool Equals(Relationship? other) =>
        other is not null && string.Equals(SchemaName, other.SchemaName, StringComparison.Ordinal) && PrimaryEntityRole == other.PrimaryEntityRole;

    /// <summary>Returns whether the object is an equal relationship.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>True when it is an equal relationship.</returns>
    public override bool Equals(object? obj) => Equals(obj as Relationship);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Relationship?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => SchemaName is null ? 0 : StringComparer.Ordinal.GetHashCode(SchemaName);

    /// <summary>Returns the schema name, for traces.</summary>
    /// <returns>The schema name, or an empty text.</returns>
    public override string ToString() => SchemaName ?? string.Empty;
}
