namespace PluginHost.Host.Diagnostics;

/// <summary>
/// The statistics of every host of one database, as <c>/api/admin/stats</c> shows them: <see cref="Plugins"/> summed
/// over the hosts, and each host's own figures in <see cref="Hosts"/>.
/// </summary>
internal sealed record StatisticsView(IReadOnlyList<PluginFigures> Plugins, IReadOnlyList<HostView> Hosts)
{
    /// <summary>The view of the rows read; <paramref name="self"/> names this host.</summary>
    public static StatisticsView From(IReadOnlyList<PluginStatisticsRow> plugins, IReadOnlyList<HostStatisticsRow> hosts, string self)
    {
        var summed = plugins
            .GroupBy(row => row.PluginType, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => PluginFigures.From(
                group.Key,
                group.Sum(row => row.Executions),
                group.Sum(row => row.Failures),
                group.Sum(row => row.Crashes),
                group.Sum(row => row.Timeouts),
                group.Sum(row => row.MemoryBreaches),
                group.Sum(row => row.TotalMs),

                // Percentiles do not add up, and the hosts keep no durations to merge: the largest of the hosts' p95
                // is an upper bound of the p95 over all executions, not that p95.
                group.Max(row => row.P95Ms)))
            .ToList();

        var byHost = plugins.ToLookup(row => row.Host, StringComparer.Ordinal);
        var rows = hosts.ToDictionary(row => row.Host, StringComparer.Ordinal);

        // A host with plug-in rows and no host row: counts kept from before hosts had names ('(unnamed)').
        var names = rows.Keys.Union(byHost.Select(group => group.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var views = names.Select(name =>
        {
            var row = rows.GetValueOrDefault(name);
            var counters = HostCounters.FromJson(row?.Counters);
            return new HostView(
                name,
                row?.StartedOn,
                row?.LastSeenOn,
                string.Equals(name, self, StringComparison.Ordinal),
                byHost[name].Select(plugin => PluginFigures.From(
                    plugin.PluginType, plugin.Executions, plugin.Failures, plugin.Crashes, plugin.Timeouts, plugin.MemoryBreaches, plugin.TotalMs, plugin.P95Ms)).ToList(),
                counters?.LoadContexts,
                counters?.UnloadFailures ?? [],
                counters?.Sandbox);
        });
        return new StatisticsView(summed, views.ToList());
    }
}

/// <summary>The figures of one plug-in type: counts, mean and p95 duration in milliseconds (to three decimals).</summary>
internal sealed record PluginFigures(
    string PluginType, long Executions, long Failures, long Crashes, long Timeouts, long MemoryBreaches, double AverageMs, double P95Ms)
{
    /// <summary>The figures of counts and a total time.</summary>
    public static PluginFigures From(
        string pluginType, long executions, long failures, long crashes, long timeouts, long memoryBreaches, double totalMs, double p95Ms) =>
        new(pluginType, executions, failures, crashes, timeouts, memoryBreaches,
            executions == 0 ? 0 : Math.Round(totalMs / executions, 3), Math.Round(p95Ms, 3));
}

/// <summary>
/// One host: its name, when it started and last wrote its figures (ISO 8601 UTC; null for counts kept from before hosts
/// had names), whether it is the host answering, its plug-in figures, and its own counters as it last wrote them.
/// </summary>
internal sealed record HostView(
    string Name,
    string? StartedOn,
    string? LastSeenOn,
    bool Self,
    IReadOnlyList<PluginFigures> Plugins,
    LoadContextCounters? LoadContexts,
    IReadOnlyList<UnloadFailureCount> UnloadFailures,
    SandboxCounters? Sandbox);
