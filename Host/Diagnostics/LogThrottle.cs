using System.Collections.Concurrent;
using System.Globalization;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// Keeps a warning that repeats (a step failing on every execution, a registration poll failing four times a second,
/// a job runner waiting on a busy database) from flooding the log: at most one line per key per
/// <see cref="Window"/>; the next line after a quiet spell says how many were left out.
/// </summary>
internal sealed class LogThrottle(TimeProvider time)
{
    /// <summary>Shortest time between two lines of one key.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Keys come from step ids, types and messages: bounded so that a stream of distinct failures cannot grow it forever.
    private const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// True when a line for <paramref name="key"/> may be written now; <paramref name="suppressed"/> is then the
    /// text to append to it: empty, or " (N more suppressed)" for the lines left out since the last one.
    /// </summary>
    public bool ShouldLog(string key, out string suppressed)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxKeys)
        {
            foreach (var stale in _entries.Where(pair => now - pair.Value.LastWritten >= Window))
            {
                _entries.TryRemove(stale);
            }
        }

        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.Written && now - entry.LastWritten < Window)
            {
                entry.Suppressed++;
                suppressed = "";
                return false;
            }

            suppressed = entry.Suppressed > 0 ? $" ({entry.Suppressed.ToString(CultureInfo.InvariantCulture)} more suppressed)" : "";
            entry.Written = true;
            entry.LastWritten = now;
            entry.Suppressed = 0;
            return true;
        }
    }

    private sealed class Entry
    {
        public bool Written { get; set; }

        public DateTimeOffset LastWritten { get; set; }

        public long Suppressed { get; set; }
    }
}
