using System.Collections.Concurrent;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// Execution counts and durations per plug-in type since this host started, kept in memory; <see cref="SharedStatistics"/>
/// adds them to the database's figures of this host, where <c>/api/admin/stats</c> reads every host's.
/// </summary>
internal sealed class PluginStatistics
{
    private const int DurationWindow = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Record(string pluginType, StepOutcome outcome, double durationMs) =>
        _entries.GetOrAdd(pluginType, _ => new Entry()).Record(outcome, durationMs);

    private readonly ConcurrentDictionary<string, int> _unloadFailures = new(StringComparer.Ordinal);

    public void RecordUnloadFailure(string assembly) => _unloadFailures.AddOrUpdate(assembly, 1, (_, count) => count + 1);

    public IReadOnlyList<PluginStatisticsSnapshot> Snapshot() =>
        _entries.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.Snapshot(pair.Key)).ToList();

    /// <summary>Assemblies (name and version) whose old load context did not unload, with how often.</summary>
    public IReadOnlyDictionary<string, int> UnloadFailures => _unloadFailures;

    private sealed class Entry
    {
        private readonly double[] _recent = new double[DurationWindow];
        private long _executions;
        private long _failures;
        private long _crashes;
        private long _timeouts;
        private long _memoryBreaches;
        private readonly Lock _gate = new();
        private double _totalMs;

        public void Record(StepOutcome outcome, double durationMs)
        {
            lock (_gate)
            {
                _recent[_executions % DurationWindow] = durationMs;
                _executions++;
                _totalMs += durationMs;
                switch (outcome)
                {
                    case StepOutcome.Failed:
                        _failures++;
                        break;
                    case StepOutcome.Crashed:
                        _failures++;
                        _crashes++;
                        break;
                    case StepOutcome.Timeout:
                        _failures++;
                        _timeouts++;
                        break;
                    case StepOutcome.MemoryExceeded:
                        _failures++;
                        _memoryBreaches++;
                        break;
                }
            }
        }

        public PluginStatisticsSnapshot Snapshot(string pluginType)
        {
            lock (_gate)
            {
                var window = _recent.AsSpan(0, (int)Math.Min(_executions, DurationWindow)).ToArray();
                Array.Sort(window);
                var p95 = window.Length == 0 ? 0 : window[Math.Min(window.Length - 1, (int)Math.Ceiling(window.Length * 0.95) - 1)];
                return new PluginStatisticsSnapshot(
                    pluginType, _executions, _failures, _crashes, _timeouts, _memoryBreaches,
                    _executions == 0 ? 0 : _totalMs / _executions, p95, _totalMs);
            }
        }
    }
}

/// <summary>Statistics of one plug-in type; <see cref="P95Ms"/> is over its latest 1,024 executions.</summary>
internal sealed record PluginStatisticsSnapshot(
    string PluginType,
    long Executions,
    long Failures,
    long Crashes,
    long Timeouts,
    long MemoryBreaches,
    double AverageMs,
    double P95Ms,
    double TotalMs);
