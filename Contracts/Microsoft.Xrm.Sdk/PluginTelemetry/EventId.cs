namespace Microsoft.Xrm.Sdk.PluginTelemetry;

/// <summary>Identifies a kind of log entry by number and, optionally, name; two are equal when their numbers are.</summary>
public readonly struct EventId : IEquatable<EventId>
{
    /// <summary>Initializes a new event id.</summary>
    /// <param name="id">The number.</param>
    /// <param name="name">An optional name.</param>
    public EventId(int id, string? name = null)
    {
        Id = id;
        Name = name;
    }

    /// <summary>Gets the number.</summary>
    public int Id { get; }

    /// <summary>Gets the name, or null.</summary>
    public string? Name { get; }

    /// <summary>Makes an event id of a number.</summary>
    /// <param name="i">The number.</param>
    public static implicit operator EventId(int i) => new(i);

    /// <summary>Returns whether two event ids have the same number.</summary>
    /// <param name="left">One event id.</param>
    /// <param name="right">The other event id.</param>
    /// <returns>True when the numbers match.</returns>
    public static bool operator ==(EventId left, EventId right) => left.Equals(right);

    /// <summary>Returns whether two event ids have different numbers.</summary>
    /// <param name="left">One event id.</param>
    /// <param name="right">The other event id.</param>
    /// <returns>True when the numbers differ.</returns>
    public static bool operator !=(EventId left, EventId right) => !left.Equals(right);

    /// <summary>Returns whether the other event id has the same number.</summary>
    /// <param name="other">The other event id.</param>
    /// <returns>True when the numbers match.</returns>
    public bool Equals(EventId other) => Id == other.Id;

    /// <summary>Returns whether the object is an event id with the same number.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>True when it is an equal event id.</returns>
    public override bool Equals(object? obj) => obj is EventId other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(EventId)"/>.</summary>
    /// <returns>The number.</returns>
    public override int GetHashCode() => Id;

    /// <summary>Returns the name, or the number when there is no name.</summary>
    /// <returns>The name or number as text.</returns>
    public override string ToString() => Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
