namespace Microsoft.Xrm.Sdk;

/// <summary>A display text in every language it has, and the one for the calling user.</summary>
public sealed class Label
{
    /// <summary>Initializes a new label with no text.</summary>
    public Label()
    {
    }

    /// <summary>Initializes a new label with one text in one language, which is also the user's.</summary>
    /// <param name="label">The text.</param>
    /// <param name="languageCode">The language's LCID, such as 1033 for English.</param>
    public Label(string label, int languageCode)
    {
        UserLocalizedLabel = new LocalizedLabel(label, languageCode);
        LocalizedLabels.Add(UserLocalizedLabel);
    }

    /// <summary>Initializes a new label from the user's text and the texts in every language.</summary>
    /// <param name="userLocalizedLabel">The text in the calling user's language.</param>
    /// <param name="labels">The texts in every language.</param>
    public Label(LocalizedLabel userLocalizedLabel, LocalizedLabel[] labels)
    {
        UserLocalizedLabel = userLocalizedLabel;
        LocalizedLabels.AddRange(Guard.NotNull(labels, nameof(labels)));
    }

    /// <summary>Gets the texts in every language.</summary>
    public LocalizedLabelCollection LocalizedLabels { get; } = [];

    /// <summary>Gets or sets the text in the calling user's language.</summary>
    public LocalizedLabel? UserLocalizedLabel { get; set; }
}
