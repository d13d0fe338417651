namespace PluginHost.Host.Sandbox;

/// <summary>
/// One value kept for one registration revision, replaced when the revision moves. The revision and the value travel
/// together in one immutable object swapped by reference, so a reader never pairs a new revision with an old value:
/// a pair of fields (or a struct wider than a pointer) can be read half before and half after another thread's write.
/// </summary>
internal sealed class RevisionCache<T>
    where T : class
{
    private Entry? _entry;

    /// <summary>The value kept for <paramref name="revision"/>, or a new one from <paramref name="create"/>, kept from now on.</summary>
    /// <remarks>
    /// Two threads that meet a new revision at once may both create a value; each uses its own, and the last one
    /// written is kept. A thread on an older revision may replace a newer entry; the next caller on the newer revision
    /// creates it again. Neither is worth a lock: the values are equivalent, and revisions move rarely.
    /// </remarks>
    public T Get(long revision, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && entry.Revision == revision)
        {
            return entry.Value;
        }

        var value = create();
        Volatile.Write(ref _entry, new Entry(revision, value));
        return value;
    }

    private sealed record Entry(long Revision, T Value);
}
