namespace Microsoft.Xrm.Sdk;

/// <summary>Which side of a self-referential relationship a record is on.</summary>
public enum EntityRole
{
    /// <summary>The referencing side (the record that points at the other).</summary>
    Referencing = 0,

    /// <summary>The referenced side (the record that is pointed at).</summary>
    Referenced = 1,
}
