namespace Microsoft.Xrm.Sdk;

/// <summary>Whether a record held by a caller is new, changed or unchanged since it was read.</summary>
public enum EntityState
{
    /// <summary>The record is as it was read.</summary>
    Unchanged = 0,

    /// <summary>The record is new.</summary>
    Created = 1,

    /// <summary>The record was changed since it was read.</summary>
    Changed = 2,
}
