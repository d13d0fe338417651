namespace Microsoft.Xrm.Sdk;

/// <summary>A reference to a record by logical name and id; two references are equal when both match.</summary>
public sealed class EntityReference : IEquatable<EntityReference>
{
    private string _logicalName;
    private KeyAttributeCollection _keyAttributes = [];

    /// <summary>Initializes a new reference whose <see cref="LogicalName"/> is empty until set, for initializer syntax.</summary>
    public EntityReference()
    {
        _logicalName = string.Empty;
    }

    /// <summary>Initializes a new reference to the given record.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="id">The record's id.</param>
    public EntityReference(string logicalName, Guid id)
    {
        Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
        _logicalName = logicalName;
        Id = id;
    }

    /// <summary>Initializes a new reference to the record of the given entity that has the given alternate-key values.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="keyAttributeCollection">The alternate-key attribute values.</param>
    public EntityReference(string logicalName, KeyAttributeCollection keyAttributeCollection)
    {
        Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
        _logicalName = logicalName;
        KeyAttributes = keyAttributeCollection;
    }

    /// <summary>Initializes a new reference to the record of the given entity that has the given alternate-key value.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="keyName">The alternate-key attribute's logical name.</param>
    /// <param name="keyValue">The alternate-key value.</param>
    public EntityReference(string logicalName, string keyName, object keyValue)
    {
        Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
        _logicalName = logicalName;
        _keyAttributes[keyName] = keyValue;
    }

    /// <summary>Gets or sets the logical name of the referenced record's entity; it cannot be set to null or empty.</summary>
    public string LogicalName
    {
        get => _logicalName;
        set
        {
            Guard.NotNullOrEmpty(value, nameof(value));
            _logicalName = value;
        }
    }

    /// <summary>Gets or sets the referenced record's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets an optional display name of the referenced record; it takes no part in equality.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the alternate-key values that identify the record when its id is not known; they take no part in equality.</summary>
    public KeyAttributeCollection KeyAttributes
    {
        get => _keyAttributes;
        set => _keyAttributes = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets or sets the referenced record's version stamp, for optimistic concurrency; null when unknown.</summary>
    public string? RowVersion { get; set; }

    /// <summary>Returns whether the other reference names the same record.</summary>
    /// <param name="other">The other reference.</param>
    /// <returns>True when logical name and id match.</returns>
    public bool Equals(EntityReference? other) =>
        other is not null && Id == other.Id && string.Equals(LogicalName, other.LogicalName, StringComparison.Ordinal);

    /// <summary>Returns whether the object is a reference to the same record.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>True when it is an equal reference.</returns>
    public override bool Equals(object? obj) => Equals(obj as EntityReference);

    /// <summary>Returns a hash code consistent with <see cref="Equals(EntityReference?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(LogicalName) * 397) ^ Id.GetHashCode());

    /// <summary>Returns the logical name and id, for traces.</summary>
    /// <returns>A text such as "account(…id…)".</returns>
    public override string ToString() => $"{LogicalName}({Id})";
}
