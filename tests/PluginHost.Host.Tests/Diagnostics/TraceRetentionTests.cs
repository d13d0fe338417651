using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluginHost.Host.Diagnostics;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Diagnostics;

/// <summary>
/// The trace-log writer keeps the log within its age and row limits, in process on a real SQLite file and on a database
/// of its own on the test run's PostgreSQL server.
/// </summary>
[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TraceRetentionTests(DatabaseBackend backend)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private string _folder = "";
    private RegistrationDatabase _database = null!;
    private ManualClock _clock = null!;

    [SetUp]
    public void OpenDatabase()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-trace-").FullName;
        _database = backend == DatabaseBackend.PostgreSql
            ? RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), Path.Combine(_folder, "trace.key"))
            : RegistrationDatabase.Open(Path.Combine(_folder, "trace.db"));
        PluginHost.Host.Storage.HostSchema.Apply(_database);
        _clock = new ManualClock(Start);
    }

    [TearDown]
    public void DeleteDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Prune_RowsOlderThanRetention_DeletedNewerKept()
    {
        var traceLog = NewTraceLog(retentionDays: 30, maxRows: 0);
        Insert(Start.AddDays(-31), Start.AddDays(-30).AddMinutes(-1), Start.AddDays(-29), Start.AddMinutes(-5));

        var deleted = traceLog.Prune();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted, Is.EqualTo(2));
            Assert.That(StartTimes(), Is.EqualTo(new[] { Start.AddDays(-29), Start.AddMinutes(-5) }));
        }
    }

    [Test]
    public void Prune_MoreRowsThanTheCap_OldestDeletedNewestCapKept()
    {
        var traceLog = NewTraceLog(retentionDays: 0, maxRows: 3);
        Insert([.. Enumerable.Range(0, 12_000).Select(minute => Start.AddMinutes(-12_000 + minute))]);

        var deleted = traceLog.Prune();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted, Is.EqualTo(11_997), "a cut larger than one delete slice goes whole");
            Assert.That(StartTimes(), Is.EqualTo(new[] { Start.AddMinutes(-3), Start.AddMinutes(-2), Start.AddMinutes(-1) }));
        }
    }

    [Test]
    public void Prune_BothLimitsZero_KeepsEverything()
    {
        var traceLog = NewTraceLog(retentionDays: 0, maxRows: 0);
        Insert(Start.AddYears(-3), Start);

        Assert.That(traceLog.Prune(), Is.Zero);
        Assert.That(StartTimes(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Writer_RowsKeepComing_PrunesOncePerIntervalNotOnEveryBatch()
    {
        var traceLog = NewTraceLog(retentionDays: 0, maxRows: 2);
        await traceLog.StartAsync(CancellationToken.None);
        try
        {
            for (var index = 0; index < 5; index++)
            {
                traceLog.Add(Row(Start));
            }

            await traceLog.FlushAsync(CancellationToken.None);
            var beforeInterval = StartTimes().Count;

            _clock.Advance(TraceLog.PruneInterval);
            traceLog.Add(Row(Start));
            await traceLog.FlushAsync(CancellationToken.None);
            var pruned = await Eventually.TrueAsync(() => StartTimes().Count <= 2, TimeSpan.FromSeconds(10));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(beforeInterval, Is.EqualTo(5), "pruned again before the interval was up");
                Assert.That(pruned, Is.True, "not pruned once the interval was up");
            }
        }
        finally
        {
            await traceLog.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Read_RowsWritten_NewestFirstAndByCorrelation()
    {
        var traceLog = NewTraceLog(retentionDays: 0, maxRows: 0);
        var first = Row(Start.AddMinutes(-2));
        var second = Row(Start.AddMinutes(-1)) with { TraceText = "trace", Exception = "boom", Outcome = StepOutcome.Failed };
        await traceLog.StartAsync(CancellationToken.None);
        try
        {
            traceLog.Add(first);
            traceLog.Add(second);
            await traceLog.FlushAsync(CancellationToken.None);

            var all = traceLog.Read(null, 10).Cast<IDictionary<string, object?>>().ToList();
            var one = traceLog.Read(first.CorrelationId, 10).Cast<IDictionary<string, object?>>().ToList();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(all.Select(row => row["correlationId"]), Is.EqualTo(new[] { second.CorrelationId.ToString(), first.CorrelationId.ToString() }));
                Assert.That(all[0]["outcome"], Is.EqualTo("Failed"));
                Assert.That(all[0]["exception"], Is.EqualTo("boom"));
                Assert.That(Convert.ToInt64(all[0]["stage"], CultureInfo.InvariantCulture), Is.EqualTo(20));
                Assert.That(all[0]["durationMs"], Is.EqualTo(1.5));
                Assert.That(one.Select(row => row["correlationId"]), Is.EqualTo(new[] { first.CorrelationId.ToString() }));
            }
        }
        finally
        {
            await traceLog.StopAsync(CancellationToken.None);
        }
    }

    private TraceLog NewTraceLog(int retentionDays, int maxRows) => new(
        _database,
        Options.Create(new PluginHostOptions { TraceLog = TraceLogSetting.All, TraceRetentionDays = retentionDays, TraceMaxRows = maxRows }),
        new LogThrottle(_clock),
        _clock,
        NullLogger<TraceLog>.Instance);

    private static TraceRow Row(DateTimeOffset startedOn) =>
        new(Guid.NewGuid(), "Acme.Plugin", "Create", "account", 20, 0, 1, Guid.NewGuid(), startedOn.UtcDateTime, 1.5, StepOutcome.Succeeded, null, null);

    private void Insert(params DateTimeOffset[] startTimes)
    {
        using var connection = _database.OpenDbConnection();
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            """
            INSERT INTO trace_log (plugin_type, message, stage, mode, depth, correlation_id, started_on, duration_ms, outcome)
            VALUES ('Acme.Plugin', 'Create', 20, 0, 1, @correlation, @startedOn, 1, 'Succeeded')
            """,
            startTimes.Select(time => new { correlation = Guid.NewGuid().ToString(), startedOn = time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) }),
            transaction);
        transaction.Commit();
    }

    private List<DateTimeOffset> StartTimes()
    {
        using var connection = _database.OpenDbConnection();
        return connection.Query<string>("SELECT started_on FROM trace_log ORDER BY id")
            .Select(text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
            .ToList();
    }
}
