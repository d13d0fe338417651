using Microsoft.Extensions.Options;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// Shares this host's statistics with the other hosts of its database: every <c>PluginHost:StatisticsFlushSeconds</c>,
/// at shutdown and before <c>/api/admin/stats</c> answers, it adds what ran since the last write to this host's rows
/// (<see cref="StatisticsStore"/>), and it reads every host's rows back as one <see cref="StatisticsView"/>.
/// </summary>
/// <remarks>
/// Only deltas are written, so a host restarted under the same <c>PluginHost:HostName</c> adds to its earlier counts
/// rather than replacing them; a host left to its default name (machine and process id) gets a new row at each start.
/// A write that fails (the database busy or gone) is logged, throttled, and its delta is kept for the next one: the
/// host never stops for its statistics.
/// </remarks>
internal sealed class SharedStatistics(
    PluginStatistics statistics,
    StatisticsStore store,
    HostIdentity identity,
    Func<HostCounters> counters,
    IOptions<PluginHostOptions> options,
    LogThrottle throttle,
    TimeProvider time,
    ILogger<SharedStatistics> logger)
    : BackgroundService
{
    private readonly Lock _flushing = new();

    // What the last successful write covered, per plug-in type: the next write adds only what came after.
    private readonly Dictionary<string, PluginStatisticsSnapshot> _written = new(StringComparer.Ordinal);

    /// <summary>Writes what ran since the last write, and this host's own figures, to the database now.</summary>
    /// <exception cref="System.Data.Common.DbException">The database refused the write; nothing is lost: the next write covers it.</exception>
    public void Flush()
    {
        lock (_flushing)
        {
            var current = statistics.Snapshot();
            var deltas = current.Select(Delta).Where(delta => delta.Executions > 0).ToList();
            var now = StatisticsStore.Text(time.GetUtcNow().UtcDateTime);
            store.Write(
                new HostStatisticsRow(identity.Name, identity.InstanceId.ToString(), StatisticsStore.Text(identity.StartedOn), now, counters().ToJson()),
                deltas);
            foreach (var snapshot in current)
            {
                _written[snapshot.PluginType] = snapshot;
            }
        }
    }

    /// <summary>This host's own figures now (load contexts, unload failures, sandbox workers).</summary>
    public HostCounters OwnCounters() => counters();

    /// <summary>Every host's statistics as the database has them (flush first for this host's latest).</summary>
    public StatisticsView Read()
    {
        var (plugins, hosts) = store.Read();
        return StatisticsView.From(plugins, hosts, identity.Name);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StatisticsFlushSeconds), time);
        do
        {
            TryFlush();
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        TryFlush();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void TryFlush()
    {
        try
        {
            Flush();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (throttle.ShouldLog($"{nameof(SharedStatistics)}:{exception.GetType().Name}:{exception.Message}", out var suppressed))
            {
                logger.LogWarning(
                    "Could not write this host's statistics ({Problem}); trying again in {Seconds} s{Suppressed}",
                    exception.Message.ReplaceLineEndings(" "), options.Value.StatisticsFlushSeconds, suppressed);
            }
        }
    }

    private PluginStatisticsDelta Delta(PluginStatisticsSnapshot current)
    {
        var before = _written.GetValueOrDefault(current.PluginType);
        return new PluginStatisticsDelta(
            current.PluginType,
            current.Executions - (before?.Executions ?? 0),
            current.Failures - (before?.Failures ?? 0),
            current.Crashes - (before?.Crashes ?? 0),
            current.Timeouts - (before?.Timeouts ?? 0),
            current.MemoryBreaches - (before?.MemoryBreaches ?? 0),
            current.TotalMs - (before?.TotalMs ?? 0),
            current.P95Ms);
    }
}
