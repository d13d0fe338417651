namespace Microsoft.Xrm.Sdk;

/// <summary>The records a query returned, with what is needed to ask for the next page.</summary>
public sealed class EntityCollection
{
    /// <summary>Initializes a new, empty collection.</summary>
    public EntityCollection()
    {
    }

    /// <summary>Initializes a new collection holding the given records.</summary>
    /// <param name="entities">The records.</param>
    public EntityCollection(IEnumerable<Entity> entities)
    {
        Guard.NotNull(entities, nameof(entities));
        Entities.AddRange(entities);
    }

    /// <summary>Gets or sets the logical name of the records' entity, when they share one.</summary>
    public string? EntityName { get; set; }

    /// <summary>Gets the records.</summary>
    public DataCollection<Entity> Entities { get; } = [];

    /// <summary>Gets or sets a value indicating whether more records match the query beyond this page.</summary>
    public bool MoreRecords { get; set; }

    /// <summary>Gets or sets the opaque text to pass in <see cref="Query.PagingInfo.PagingCookie"/> to continue with the next page.</summary>
    public string? PagingCookie { get; set; }

    /// <summary>Gets or sets how many records match the query in all, or -1 when the query did not ask for the count.</summary>
    public int TotalRecordCount { get; set; }

    /// <summary>Gets or sets a value indicating whether the count was cut short at a limit.</summary>
    public bool TotalRecordCountLimitExceeded { get; set; }

    /// <summary>Gets or sets the lowest row version still in flight when the query ran, when the store reports one.</summary>
    public string? MinActiveRowVersion { get; set; }

    /// <summary>Gets or sets the record at the given position.</summary>
    /// <param name="index">The zero-based position.</param>
    public Entity this[int index]
    {
        get => Entities[index];
        set => Entities[index] = value;
    }
}
