using System.Data.Common;
using System.Globalization;
using Dapper;

namespace PluginHost.Host.Diagnostics;

internal sealed partial class TraceLog
{
    /// <summary>Shortest time between two retention checks.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    // Deleted in slices, each its own short transaction, so that a large first prune does not hold the write lock for
    // long against the requests.
    private const int DeleteSlice = 5_000;

    private DateTimeOffset? _lastPruned;

    /// <summary>
    /// Deletes the rows older than <c>TraceRetentionDays</c> and the oldest beyond <c>TraceMaxRows</c>; returns how
    /// many went.
    /// </summary>
    public long Prune()
    {
        var now = time.GetUtcNow();
        _lastPruned = now;
        var settings = options.Value;
        long deleted = 0;
        using var connection = database.OpenDbConnection();
        if (settings.TraceRetentionDays > 0)
        {
            var cutoff = now.UtcDateTime.AddDays(-settings.TraceRetentionDays).ToString("O", CultureInfo.InvariantCulture);
            deleted += DeleteInSlices(connection, "started_on < @cutoff", new { cutoff });
        }

        if (settings.TraceMaxRows > 0)
        {
            // The newest TraceMaxRows rows stay: everything at or below the id just past them goes.
            var newestDropped = connection.ExecuteScalar<long?>("SELECT id FROM trace_log ORDER BY id DESC LIMIT 1 OFFSET @keep", new { keep = settings.TraceMaxRows });
            if (newestDropped is { } last)
            {
                deleted += DeleteInSlices(connection, "id <= @last", new { last });
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation(
                "Trace log pruned: {Deleted} row(s) older than {Days} day(s) or beyond the newest {MaxRows}", deleted, settings.TraceRetentionDays, settings.TraceMaxRows);
        }

        return deleted;
    }

    private void PruneIfDue()
    {
        if (_lastPruned is { } last && time.GetUtcNow() - last < PruneInterval)
        {
            return;
        }

        try
        {
            Prune();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            if (throttle.ShouldLog($"{nameof(TraceLog)}:prune:{exception.Message}", out var suppressed))
            {
                logger.LogDatabaseFault(exception, "prune the trace log", suppressed);
            }
        }
    }

    private static long DeleteInSlices(DbConnection connection, string condition, object parameters)
    {
        long total = 0;
        while (true)
        {
            var sliced = new DynamicParameters(parameters);
            sliced.Add("slice", DeleteSlice);
            var deleted = connection.Execute($"DELETE FROM trace_log WHERE id IN (SELECT id FROM trace_log WHERE {condition} ORDER BY id LIMIT @slice)", sliced);
            total += deleted;
            if (deleted < DeleteSlice)
            {
                return total;
            }
        }
    }
}
