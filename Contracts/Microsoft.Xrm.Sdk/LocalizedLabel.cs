namespace Microsoft.Xrm.Sdk;

/// <summary>A display text in one language, as metadata carries it.</summary>
public sealed class LocalizedLabel
{
    /// <summary>Initializes a new, empty label.</summary>
    public LocalizedLabel()
    {
    }

    /// <summary>Initializes a new label with its text and language.</summary>
    /// <param name="label">The text.</param>
    /// <param name="languageCode">The language's LCID, such as 1033 for English.</param>
    public LocalizedLabel(string label, int languageCode)
    {
        Label = label;
        LanguageCode = languageCode;
    }

    /// <summary>Gets or sets the text.</summary>
    public string? Label { get; set; }

    /// <summary>Gets or sets the language's LCID.</summary>
    public int LanguageCode { get; set; }

    /// <summary>Gets or sets a value indicating whether the label belongs to a managed solution.</summary>
    public bool? IsManaged { get; set; }
}
