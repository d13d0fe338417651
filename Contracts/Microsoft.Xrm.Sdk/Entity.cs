namespace Microsoft.Xrm.Sdk;

/// <summary>
/// A record: its entity's logical name, its id and its attributes. DateTime attribute values are UTC
/// (use <see cref="DateTime.UtcNow"/> or <see cref="DateTime.ToUniversalTime"/>); their Kind is kept as given.
/// </summary>
public sealed class Entity
{
    private string _logicalName;

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
        Id = id;
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

    /// <summary>Gets or sets the record's id; <see cref="Guid.Empty"/> lets Create assign one.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets the record's attributes by logical name, in the order they were added.</summary>
    public AttributeCollection Attributes { get; } = [];

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

    /// <summary>Returns a reference to this record.</summary>
    /// <returns>A reference with this record's logical name and id.</returns>
    /// <exception cref="InvalidOperationException">The <see cref="LogicalName"/> is not set.</exception>
    public EntityReference ToEntityReference() =>
        _logicalName.Length == 0
            ? throw new InvalidOperationException("Set the entity's LogicalName before taking a reference to it.")
            : new EntityReference(_logicalName, Id);

    /// <summary>Returns the logical name and id, for traces.</summary>
    /// <returns>A text such as "account(…id…)".</returns>
    public override string ToString() => $"{Describe()}({Id})";

    private string Describe() => _logicalName.Length == 0 ? "(unnamed)" : _logicalName;
}
