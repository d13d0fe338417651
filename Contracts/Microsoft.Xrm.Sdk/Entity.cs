namespace Microsoft.Xrm.Sdk;

/// <summary>
/// A record: its entity's logical name, its id and its attributes. DateTime attribute values are UTC
/// (use <see cref="DateTime.UtcNow"/> or <see cref="DateTime.ToUniversalTime"/>); their Kind is kept as given.
/// Early-bound classes (as <c>pac modelbuilder</c> or CrmSvcUtil generate them) derive from it.
/// </summary>
public class Entity
{
    private string _logicalName;
    private Guid _id;
    private AttributeCollection _attributes = [];
    private KeyAttributeCollection _keyAttributes = [];

    /// <summary>Initializes a new record whose <see cref="LogicalName"/> is empty until set.</summary>
    public Entity()
    {
        _logicalName = string.Empty;
    }

    /// <summary>Initializes a new record of the given entity, without an id.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    public Entity(string logicalName)
    {
        Guard.NotNullOrEmpty(logicalName, nameof(logicalName));
        _logicalName = logicalName;
    }

    /// <summary>Initializes a new record of the given entity with the given id.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="id">The record's id.</param>
    public Entity(string logicalName, Guid id)
        : this(logicalName)
    {
        _id = id;
    }

    /// <summary>Initializes a new record of the given entity identified by alternate-key values instead of an id.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="keyAttributes">The alternate-key attribute values.</param>
    public Entity(string logicalName, KeyAttributeCollection keyAttributes)
        : this(logicalName)
    {
        KeyAttributes = keyAttributes;
    }

    /// <summary>Initializes a new record of the given entity identified by one alternate-key value.</summary>
    /// <param name="logicalName">The entity's logical name, such as "account".</param>
    /// <param name="keyName">The alternate-key attribute's logical name.</param>
    /// <param name="keyValue">The alternate-key value.</param>
    public Entity(string logicalName, string keyName, object keyValue)
        : this(logicalName)
    {
        _keyAttributes[keyName] = keyValue;
    }

    /// <summary>Gets or sets the entity's logical name, such as "account"; it cannot be set to null or empty.</summary>
    public string LogicalName
    {
        get => _logicalName;
        set
        {
            Guard.NotNullOrEmpty(value, nameof(value));
            _logicalName = value;
        }
    }

    /// <summary>Gets or sets the record's id; <see cref="Guid.Empty"/> lets Create assign one. Early-bound classes override it.</summary>
    public virtual Guid Id
    {
        get => _id;
        set => _id = value;
    }

    /// <summary>Gets or sets the record's attributes by logical name, in the order they were added; it cannot be set to null.</summary>
    public AttributeCollection Attributes
    {
        get => _attributes;
        set => _attributes = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets or sets the alternate-key values that identify the record when its id is not known.</summary>
    public KeyAttributeCollection KeyAttributes
    {
        get => _keyAttributes;
        set => _keyAttributes = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Gets the display texts of attribute values (such as an option's label), by attribute logical name.</summary>
    public FormattedValueCollection FormattedValues { get; private set; } = [];

    /// <summary>
    /// Gets the records related to this one, by relationship, as early-bound navigation properties read and write them.
    /// PluginHost's store keeps none of them: a Create or Update stores the record's own attributes only.
    /// </summary>
    public RelatedEntityCollection RelatedEntities { get; private set; } = [];

    /// <summary>Gets or sets whether the record is new, changed or unchanged, for callers that track changes; null when unknown.</summary>
    public EntityState? EntityState { get; set; }

    /// <summary>Gets or sets the record's version stamp, for optimistic concurrency; null when unknown.</summary>
    public string? RowVersion { get; set; }

    /// <summary>Gets an attribute's value (throws <see cref="KeyNotFoundException"/> when absent), or adds or replaces it.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    public object? this[string attributeName]
    {
        get => Attributes.TryGetValue(attributeName, out var value)
            ? value
            : throw new KeyNotFoundException(
                $"The {Describe()} record has no attribute '{attributeName}'. Use Contains or GetAttributeValue when it may be absent.");
        set => Attributes[attributeName] = value;
    }

    /// <summary>Returns whether the record holds the attribute, even with a null value.</summary>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <returns>True when the attribute is present.</returns>
    public bool Contains(string attributeName) => Attributes.ContainsKey(attributeName);

    /// <summary>
    /// Gets an attribute's value as <typeparamref name="T"/>: the default when absent or null; int, long, decimal and
    /// double convert to one another when the value fits; anything else must already be a <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The type to read the value as; a <see cref="Nullable{T}"/> type reads absent values as null.</typeparam>
    /// <param name="attributeName">The attribute's logical name.</param>
    /// <returns>The value, or the default of <typeparamref name="T"/>.</returns>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/> without loss.</exception>
    public T? GetAttributeValue<T>(string attributeName)
    {
        if (!Attributes.TryGetValue(attributeName, out var value) || value is null)
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return NumericConversion.TryConvert(value, target, out var converted)
            ? (T)converted
            : throw new InvalidCastException(
                $"The attribute '{attributeName}' of the {Describe()} record holds {value.GetType().Name} {value}, which cannot be read as {typeof(T).Name}.");
    }

    /// <summary>
    /// Gets an attribute's value as <typeparamref name="T"/> when the record holds it and it can be read so, with the
    /// conversions of <see cref="GetAttributeValue{T}"/>; a null value is read when <typeparamref name="T"/> accepts null.
    /// </summary>
    /// <typeparam name="T">The type to read the value as.</typeparam>
    /// <param name="attributeLogicalName">The attribute's logical name.</param>
    /// <param name="value">The value, or the default of <typeparamref name="T"/> when the method returns false.</param>
    /// <returns>True when the attribute is present and its value was read as <typeparamref name="T"/>.</returns>
    public bool TryGetAttributeValue<T>(string attributeLogicalName, out T? value)
    {
        value = default;
        if (!Attributes.TryGetValue(attributeLogicalName, out var raw))
        {
            return false;
        }

        if (raw is null)
        {
            return !typeof(T).IsValueType || Nullable.GetUnderlyingType(typeof(T)) is not null;
        }

        if (raw is T typed)
        {
            value = typed;
            return true;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (NumericConversion.TryConvert(raw, target, out var converted))
        {
            value = (T)converted;
            return true;
        }

        return false;
    }

    /// <summary>Adds or replaces an attribute's value; early-bound property setters call it.</summary>
    /// <param name="attributeLogicalName">The attribute's logical name.</param>
    /// <param name="value">The value, or null to clear the attribute.</param>
    public virtual void SetAttributeValue(string attributeLogicalName, object? value) => Attributes[attributeLogicalName] = value;

    /// <summary>
    /// Returns this record as the early-bound class <typeparamref name="T"/>, sharing its attributes, key attributes and
    /// formatted values (so a change made through either is seen by both), with the same logical name and id.
    /// </summary>
    /// <typeparam name="T">An early-bound class with a parameterless constructor, or <see cref="Entity"/> itself.</typeparam>
    /// <returns>A new <typeparamref name="T"/> over this record's data.</returns>
    /// <exception cref="InvalidOperationException">The class is for another entity, or cannot be created.</exception>
    public T ToEntity<T>()
        where T : Entity
    {
        if (typeof(T) == typeof(Entity))
        {
            var plain = new Entity();
            CopyTo(plain);
            return (T)plain;
        }

        var expected = EarlyBound.LogicalNameOf(typeof(T));
        if (expected is not null && _logicalName.Length != 0 && !string.Equals(expected, _logicalName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The {_logicalName} record cannot become a {typeof(T).FullName}: that class is for the entity '{expected}'.");
        }

        T typed;
        try
        {
            typed = Activator.CreateInstance<T>();
        }
        catch (MissingMethodException exception)
        {
            throw new InvalidOperationException($"{typeof(T).FullName} needs a public parameterless constructor to be used with ToEntity.", exception);
        }

        CopyTo(typed);
        return typed;
    }

    /// <summary>Returns a reference to this record.</summary>
    /// <returns>A reference with this record's logical name and id.</returns>
    /// <exception cref="InvalidOperationException">The <see cref="LogicalName"/> is not set.</exception>
    public EntityReference ToEntityReference() =>
        _logicalName.Length == 0
            ? throw new InvalidOperationException("Set the entity's LogicalName before taking a reference to it.")
            : new EntityReference(_logicalName, Id) { KeyAttributes = _keyAttributes, RowVersion = RowVersion };

    /// <summary>Returns the logical name and id, for traces.</summary>
    /// <returns>A text such as "account(…id…)".</returns>
    public override string ToString() => $"{Describe()}({Id})";

    /// <summary>Gets the one record related through a relationship, as an early-bound navigation property reads it.</summary>
    /// <typeparam name="TEntity">The related record's class.</typeparam>
    /// <param name="relationshipSchemaName">The relationship's schema name.</param>
    /// <param name="primaryEntityRole">The role of this record in a relationship of an entity with itself; otherwise null.</param>
    /// <returns>The related record, or null when there is none.</returns>
    protected virtual TEntity? GetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
        where TEntity : Entity =>
        GetRelatedEntities<TEntity>(relationshipSchemaName, primaryEntityRole)?.FirstOrDefault();

    /// <summary>Gets the records related through a relationship, as an early-bound navigation property reads them.</summary>
    /// <typeparam name="TEntity">The related records' class.</typeparam>
    /// <param name="relationshipSchemaName">The relationship's schema name.</param>
    /// <param name="primaryEntityRole">The role of this record in a relationship of an entity with itself; otherwise null.</param>
    /// <returns>The related records, or null when none were set.</returns>
    protected virtual IEnumerable<TEntity>? GetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
        where TEntity : Entity =>
        RelatedEntities.TryGetValue(RelationshipOf(relationshipSchemaName, primaryEntityRole), out var related)
            ? related.Entities.Select(entity => entity as TEntity ?? entity.ToEntity<TEntity>()).ToList()
            : null;

    /// <summary>Sets, or with null removes, the one record related through a relationship.</summary>
    /// <typeparam name="TEntity">The related record's class.</typeparam>
    /// <param name="relationshipSchemaName">The relationship's schema name.</param>
    /// <param name="primaryEntityRole">The role of this record in a relationship of an entity with itself; otherwise null.</param>
    /// <param name="entity">The related record, or null.</param>
    protected virtual void SetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, TEntity? entity)
        where TEntity : Entity =>
        SetRelatedEntities(relationshipSchemaName, primaryEntityRole, entity is null ? null : new[] { entity });

    /// <summary>Sets, or with null removes, the records related through a relationship.</summary>
    /// <typeparam name="TEntity">The related records' class.</typeparam>
    /// <param name="relationshipSchemaName">The relationship's schema name.</param>
    /// <param name="primaryEntityRole">The role of this record in a relationship of an entity with itself; otherwise null.</param>
    /// <param name="entities">The related records, or null.</param>
    protected virtual void SetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, IEnumerable<TEntity>? entities)
        where TEntity : Entity
    {
        var relationship = RelationshipOf(relationshipSchemaName, primaryEntityRole);
        if (entities is null)
        {
            RelatedEntities.Remove(relationship);
            return;
        }

        var collection = new EntityCollection(entities.Cast<Entity>().ToList());
        collection.EntityName = collection.Entities.FirstOrDefault()?.LogicalName;
        RelatedEntities[relationship] = collection;
    }

    private static Relationship RelationshipOf(string relationshipSchemaName, EntityRole? primaryEntityRole) =>
        new(Guard.NotNullOrEmpty(relationshipSchemaName, nameof(relationshipSchemaName))) { PrimaryEntityRole = primaryEntityRole };

    private void CopyTo(Entity target)
    {
        // The id goes to the field, not through an early-bound Id override, which would add the primary-key attribute.
        if (_logicalName.Length != 0)
        {
            target._logicalName = _logicalName;
        }

        target._id = _id;
        target._attributes = _attributes;
        target._keyAttributes = _keyAttributes;
        target.FormattedValues = FormattedValues;
        target.RelatedEntities = RelatedEntities;
        target.EntityState = EntityState;
        target.RowVersion = RowVersion;
    }

    private string Describe() => _logicalName.Length == 0 ? "(unnamed)" : _logicalName;
}
