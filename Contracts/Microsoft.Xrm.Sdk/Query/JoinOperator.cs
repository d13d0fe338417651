namespace Microsoft.Xrm.Sdk.Query;

/// <summary>How a <see cref="LinkEntity"/> joins its records to its parent's; the numbers match Dataverse's.</summary>
public enum JoinOperator
{
    /// <summary>Keep a parent record only when it has a linked record; one result per pair.</summary>
    Inner = 0,

    /// <summary>Keep every parent record; its linked columns are absent when it has no linked record.</summary>
    LeftOuter = 1,

    /// <summary>An equality join that returns one of the two joined columns.</summary>
    Natural = 2,

    /// <summary>Keep a parent record that has a linked record, using only its first match.</summary>
    MatchFirstRowUsingCrossApply = 3,

    /// <summary>Keep a parent record whose join value occurs among the linked records' values.</summary>
    In = 4,

    /// <summary>Keep a parent record for which a linked record exists.</summary>
    Exists = 5,

    /// <summary>Keep a parent record that has at least one linked record meeting the link criteria.</summary>
    Any = 6,

    /// <summary>Keep a parent record that has no linked record meeting the link criteria.</summary>
    NotAny = 7,

    /// <summary>Keep a parent record that has linked records, none of which fails the link criteria.</summary>
    All = 8,

    /// <summary>Keep a parent record that has a linked record failing the link criteria.</summary>
    NotAll = 9,
}
