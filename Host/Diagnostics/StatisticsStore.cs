using System.Globalization;
using Dapper;
using PluginHost.Host.Storage;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// The statistics tables every host of one database writes its own rows of: <c>plugin_statistics</c> (host, plug-in
/// type) and <c>host_statistics</c> (host). The SQL is the same on SQLite and PostgreSQL (both have
/// <c>INSERT … ON CONFLICT … DO UPDATE</c>).
/// </summary>
internal sealed class StatisticsStore(HostDatabase database)
{
    /// <summary>
    /// In one write: adds <paramref name="deltas"/> (what this host ran since its last write) to the host's rows,
    /// creating them as needed, and replaces the host's own row with <paramref name="host"/>.
    /// </summary>
    /// <remarks>
    /// Counts and total time add up, so a host restarted under the same name carries on from its earlier figures; the
    /// p95 and the host's own figures are the writer's: they describe the instance that runs now.
    /// </remarks>
    public void Write(HostStatisticsRow host, IReadOnlyCollection<PluginStatisticsDelta> deltas)
    {
        using var writing = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = HostDatabase.BeginWrite(connection);
        if (deltas.Count > 0)
        {
            connection.Execute(
                """
                INSERT INTO plugin_statistics (host, plugin_type, executions, failures, crashes, timeouts, memory_breaches, total_ms, p95_ms, updated_on)
                VALUES (@Host, @PluginType, @Executions, @Failures, @Crashes, @Timeouts, @MemoryBreaches, @TotalMs, @P95Ms, @UpdatedOn)
                ON CONFLICT (host, plugin_type) DO UPDATE SET
                    executions = plugin_statistics.executions + excluded.executions,
                    failures = plugin_statistics.failures + excluded.failures,
                    crashes = plugin_statistics.crashes + excluded.crashes,
                    timeouts = plugin_statistics.timeouts + excluded.timeouts,
                    memory_breaches = plugin_statistics.memory_breaches + excluded.memory_breaches,
                    total_ms = plugin_statistics.total_ms + excluded.total_ms,
                    p95_ms = excluded.p95_ms,
                    updated_on = excluded.updated_on
                """,
                deltas.Select(delta => new
                {
                    host.Host, delta.PluginType, delta.Executions, delta.Failures, delta.Crashes, delta.Timeouts, delta.MemoryBreaches,
                    delta.TotalMs, delta.P95Ms, UpdatedOn = host.LastSeenOn,
                }),
                transaction);
        }

        connection.Execute(
            """
            INSERT INTO host_statistics (host, instance_id, started_on, last_seen_on, counters)
            VALUES (@Host, @InstanceId, @StartedOn, @LastSeenOn, @Counters)
            ON CONFLICT (host) DO UPDATE SET
                instance_id = excluded.instance_id,
                started_on = excluded.started_on,
                last_seen_on = excluded.last_seen_on,
                counters = excluded.counters
            """,
            host,
            transaction);
        transaction.Commit();
    }

    /// <summary>Every host's rows, by host and plug-in type.</summary>
    public (IReadOnlyList<PluginStatisticsRow> Plugins, IReadOnlyList<HostStatisticsRow> Hosts) Read()
    {
        using var connection = database.Open();
        var plugins = connection.Query<PluginStatisticsRow>(
                """
                SELECT host AS Host, plugin_type AS PluginType, executions AS Executions, failures AS Failures, crashes AS Crashes,
                       timeouts AS Timeouts, memory_breaches AS MemoryBreaches, total_ms AS TotalMs, p95_ms AS P95Ms
                FROM plugin_statistics ORDER BY host, plugin_type
                """)
            .ToList();
        var hosts = connection.Query<HostStatisticsRow>(
                """
                SELECT host AS Host, instance_id AS InstanceId, started_on AS StartedOn, last_seen_on AS LastSeenOn, counters AS Counters
                FROM host_statistics ORDER BY host
                """)
            .ToList();
        return (plugins, hosts);
    }

    /// <summary>A time as the store keeps times: ISO 8601 UTC text.</summary>
    public static string Text(DateTime time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>What one host ran of one plug-in type since its last write (<see cref="P95Ms"/>: its latest p95).</summary>
internal sealed record PluginStatisticsDelta(
    string PluginType, long Executions, long Failures, long Crashes, long Timeouts, long MemoryBreaches, double TotalMs, double P95Ms);

/// <summary>One row of <c>plugin_statistics</c>: a host's figures of one plug-in type, summed over its starts.</summary>
internal sealed record PluginStatisticsRow(
    string Host, string PluginType, long Executions, long Failures, long Crashes, long Timeouts, long MemoryBreaches, double TotalMs, double P95Ms);

/// <summary>One row of <c>host_statistics</c>; times are ISO 8601 UTC text, <see cref="Counters"/> is <see cref="HostCounters"/> JSON.</summary>
internal sealed record HostStatisticsRow(string Host, string InstanceId, string StartedOn, string LastSeenOn, string Counters);
