using System.Globalization;

namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a currency attribute; two are equal when their amounts are (1.5 equals 1.50).</summary>
public sealed class Money : IEquatable<Money>
{
    /// <summary>Initializes a new currency value of zero, for callers that set <see cref="Value"/> afterwards.</summary>
    public Money()
    {
    }

    /// <summary>Initializes a new currency value.</summary>
    /// <param name="value">The amount.</param>
    public Money(decimal value)
    {
        Value = value;
    }

    /// <summary>Gets or sets the amount, with the scale it was given.</summary>
    public decimal Value { get; set; }

    /// <summary>Returns whether the other value has the same amount.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>True when the amounts are equal.</returns>
    public bool Equals(Money? other) => other is not null && Value == other.Value;

    /// <summary>Returns whether the object is an equal currency value.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>True when it is an equal currency value.</returns>
    public override bool Equals(object? obj) => Equals(obj as Money);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Money?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Returns the amount, for traces.</summary>
    /// <returns>The amount in invariant culture.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
