using System.Globalization;

namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a choice (option set) attribute; two are equal when their numbers are.</summary>
public sealed class OptionSetValue : IEquatable<OptionSetValue>
{
    /// <summary>Initializes a new choice value of zero, for callers that set <see cref="Value"/> afterwards.</summary>
    public OptionSetValue()
    {
    }

    /// <summary>Initializes a new choice value.</summary>
    /// <param name="value">The option's number.</param>
    public OptionSetValue(int value)
    {
        Value = value;
    }

    /// <summary>Gets or sets the option's number.</summary>
    public int Value { get; set; }

    /// <summary>Returns whether the other value has the same number.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>True when the numbers match.</returns>
    public bool Equals(OptionSetValue? other) => other is not null && Value == other.Value;

    /// <summary>Returns whether the object is an equal choice value.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>True when it is an equal choice value.</returns>
    public override bool Equals(object? obj) => Equals(obj as OptionSetValue);

    /// <summary>Returns a hash code consistent with <see cref="Equals(OptionSetValue?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Value;

    /// <summary>Returns the number, for traces.</summary>
    /// <returns>The number in invariant culture.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
