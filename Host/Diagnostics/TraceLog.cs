using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// Writes trace-log rows on its own connection after the operation they describe has released the database, so a
/// row survives the rollback of its operation and a write never waits inside a plug-in's transaction. Keeps the log
/// within <c>TraceRetentionDays</c> and <c>TraceMaxRows</c>: checked after writing, at most once per
/// <see cref="PruneInterval"/>, and on that period while nothing is written.
/// </summary>
internal sealed partial class TraceLog(RegistrationDatabase database, IOptions<PluginHostOptions> options, LogThrottle throttle, TimeProvider time, ILogger<TraceLog> logger)
    : BackgroundService
{
    private readonly Channel<TraceRow> _pending = Channel.CreateUnbounded<TraceRow>(new UnboundedChannelOptions { SingleReader = true });
    private long _written;
    private long _queued;

    public TraceLogSetting Setting => options.Value.TraceLog;

    /// <summary>Queues a row if the setting asks for it.</summary>
    public void Add(TraceRow row)
    {
        if (Setting == TraceLogSetting.All || (Setting == TraceLogSetting.Exception && row.Outcome != StepOutcome.Succeeded))
        {
            Interlocked.Increment(ref _queued);
            _pending.Writer.TryWrite(row);
        }
    }

    /// <summary>Waits until every row queued so far is in the database (for readers that need them now).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _written) < target && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>The newest rows first, with camel-case names (quoted: PostgreSQL folds unquoted names to lower case).</summary>
    public IReadOnlyList<object> Read(Guid? correlationId, int top)
    {
        using var connection = database.OpenDbConnection();
        return connection.Query(
                """
                SELECT id, step_id AS "stepId", plugin_type AS "pluginType", message, entity, stage, mode, depth, correlation_id AS "correlationId",
                       started_on AS "startedOn", duration_ms AS "durationMs", outcome, trace_text AS "traceText", exception
                FROM trace_log WHERE (@correlationId IS NULL OR correlation_id = @correlationId) ORDER BY id DESC LIMIT @top
                """,
                new { correlationId = correlationId?.ToString(), top })
            .Select(row => (object)row)
            .ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _pending.Reader;
        try
        {
            PruneIfDue();
            while (true)
            {
                // Wake for rows, or after a prune period without any, so that rows age out of an idle log too.
                using var idlePeriod = new CancellationTokenSource(PruneInterval, time);
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, idlePeriod.Token);
                try
                {
                    if (!await reader.WaitToReadAsync(idle.Token))
                    {
                        break;
                    }

                    WriteAvailable(reader);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The idle period ended.
                }

                PruneIfDue();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: write what is left below.
        }

        WriteAvailable(reader);
    }

    private void WriteAvailable(ChannelReader<TraceRow> reader)
    {
        var batch = new List<TraceRow>();
        while (batch.Count < 500 && reader.TryRead(out var row))
        {
            batch.Add(row);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            using var connection = database.OpenDbConnection();
            using var transaction = connection.BeginTransaction();
            connection.Execute(
                """
                INSERT INTO trace_log (step_id, plugin_type, message, entity, stage, mode, depth, correlation_id, started_on, duration_ms, outcome, trace_text, exception)
                VALUES (@StepId, @PluginType, @Message, @Entity, @Stage, @Mode, @Depth, @CorrelationId, @StartedOn, @DurationMs, @Outcome, @TraceText, @Exception)
                """,
                batch.Select(row => new
                {
                    StepId = row.StepId?.ToString(), row.PluginType, row.Message, row.Entity, row.Stage, row.Mode, row.Depth,
                    CorrelationId = row.CorrelationId.ToString(), StartedOn = row.StartedOn.ToString("O", CultureInfo.InvariantCulture), row.DurationMs,
                    Outcome = row.Outcome.ToString(), row.TraceText, row.Exception,
                }),
                transaction);
            transaction.Commit();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            if (throttle.ShouldLog($"{nameof(TraceLog)}:{exception.Message}", out var suppressed))
            {
                logger.LogDatabaseFault(exception, $"write {batch.Count} trace-log rows", suppressed);
            }
        }
        finally
        {
            Interlocked.Add(ref _written, batch.Count);
        }
    }
}
