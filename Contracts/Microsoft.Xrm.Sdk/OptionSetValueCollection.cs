namespace Microsoft.Xrm.Sdk;

/// <summary>The value of a multi-select choice attribute: the chosen options, in order.</summary>
public sealed class OptionSetValueCollection : DataCollection<OptionSetValue>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public OptionSetValueCollection()
    {
    }

    /// <summary>Initializes a new collection holding the given options.</summary>
    /// <param name="list">The options.</param>
    public OptionSetValueCollection(IList<OptionSetValue> list)
        : base(new List<OptionSetValue>(Guard.NotNull(list, nameof(list))))
    {
    }

    /// <summary>Returns the options as an array.</summary>
    /// <returns>A new array.</returns>
    public OptionSetValue[] ToArray() => [.. this];

    /// <summary>Refuses a null option: a multi-select value holds options only.</summary>
    /// <param name="index">Where the option goes.</param>
    /// <param name="item">The option.</param>
    protected override void InsertItem(int index, OptionSetValue item) => base.InsertItem(index, Guard.NotNull(item, nameof(item)));

    /// <summary>Refuses a null option: a multi-select value holds options only.</summary>
    /// <param name="index">Which option to replace.</param>
    /// <param name="item">The option.</param>
    protected override void SetItem(int index, OptionSetValue item) => base.SetItem(index, Guard.NotNull(item, nameof(item)));
}
