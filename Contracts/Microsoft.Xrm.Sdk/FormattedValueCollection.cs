namespace Microsoft.Xrm.Sdk;

/// <summary>The display texts of a record's attribute values, such as an option's label, by attribute logical name.</summary>
public sealed class FormattedValueCollection : DataCollection<string, string>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public FormattedValueCollection()
        : base("formatted value", allowsNull: false)
    {
    }
}
