namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>One option of a choice: its number and label.</summary>
public class OptionMetadata : MetadataBase
{
    /// <summary>Initializes a new option with no number or label.</summary>
    public OptionMetadata()
    {
    }

    /// <summary>Initializes a new option with its label and number.</summary>
    /// <param name="label">The option's label.</param>
    /// <param name="value">The option's number.</param>
    public OptionMetadata(Label label, int? value)
    {
        Label = label;
        Value = value;
    }

    /// <summary>Gets or sets the option's number.</summary>
    public int? Value { get; set; }

    /// <summary>Gets or sets the option's label.</summary>
    public Label? Label { get; set; }

    /// <summary>Gets or sets the option's description.</summary>
    public Label? Description { get; set; }

    /// <summary>Gets or sets the option's color, such as "#0000ff".</summary>
    public string? Color { get; set; }
}
