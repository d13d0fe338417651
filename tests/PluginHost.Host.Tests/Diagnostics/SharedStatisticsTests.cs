using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Diagnostics;

/// <summary>
/// Statistics shared through the database, in process, on each backend: what a host writes, the sum over two hosts,
/// a host restarted under the same name adding to its counts, and a failed write losing nothing.
/// </summary>
[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SharedStatisticsTests(DatabaseBackend backend)
{
    private const string PluginType = "TestPlugins.Pipeline.Counter";

    private string _folder = "";
    private RegistrationDatabase _database = null!;
    private DatabaseWatch? _watch;
    private WriteGate? _gate;
    private StatisticsStore _store = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-statistics-").FullName;
        _database = backend == DatabaseBackend.PostgreSql
            ? RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), Path.Combine(_folder, "pluginhost.key"))
            : RegistrationDatabase.Open(Path.Combine(_folder, "pluginhost.db"));
        HostSchema.Apply(_database);
        if (backend == DatabaseBackend.Sqlite)
        {
            _watch = new DatabaseWatch(_database, TimeProvider.System, NullLogger<DatabaseWatch>.Instance);
            _gate = new WriteGate(_watch);
        }

        _store = new StatisticsStore(new HostDatabase(_database, _gate));
    }

    [TearDown]
    public void CloseStore()
    {
        _gate?.Dispose();
        _watch?.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Flush_TwiceAfterExecutions_RowsHoldEachExecutionOnce()
    {
        var (statistics, shared, _) = Host("web-1");
        statistics.Record(PluginType, StepOutcome.Succeeded, 10);
        statistics.Record(PluginType, StepOutcome.Failed, 20);
        statistics.Record(PluginType, StepOutcome.Timeout, 30);

        shared.Flush();
        shared.Flush();
        var view = shared.Read();

        using (Assert.EnterMultipleScope())
        {
            var plugin = view.Plugins.Single();
            Assert.That(plugin.PluginType, Is.EqualTo(PluginType));
            Assert.That(plugin.Executions, Is.EqualTo(3));
            Assert.That(plugin.Failures, Is.EqualTo(2));
            Assert.That(plugin.Timeouts, Is.EqualTo(1));
            Assert.That(plugin.AverageMs, Is.EqualTo(20));
            var host = view.Hosts.Single();
            Assert.That(host.Name, Is.EqualTo("web-1"));
            Assert.That(host.Self, Is.True);
            Assert.That(host.Plugins.Single().Executions, Is.EqualTo(3));
            Assert.That(host.LoadContexts?.Loads, Is.EqualTo(7), "the host's own counters, as written");
            Assert.That(host.Sandbox?.Confinement, Is.EqualTo("Basic"));
            Assert.That(DateTime.Parse(host.LastSeenOn!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind).Kind, Is.EqualTo(DateTimeKind.Utc));
        }
    }

    [Test]
    public void Read_TwoHostsRanOneType_PluginsSummedAndEachHostShowsItsOwn()
    {
        var (first, firstShared, _) = Host("web-1");
        var (second, secondShared, _) = Host("web-2");
        for (var index = 0; index < 3; index++)
        {
            first.Record(PluginType, StepOutcome.Succeeded, 10);
        }

        second.Record(PluginType, StepOutcome.Succeeded, 40);
        second.Record(PluginType, StepOutcome.Crashed, 40);

        firstShared.Flush();
        secondShared.Flush();
        var view = firstShared.Read();

        using (Assert.EnterMultipleScope())
        {
            var plugin = view.Plugins.Single();
            Assert.That(plugin.Executions, Is.EqualTo(5));
            Assert.That(plugin.Failures, Is.EqualTo(1));
            Assert.That(plugin.Crashes, Is.EqualTo(1));
            Assert.That(plugin.AverageMs, Is.EqualTo(22), "(3 × 10 + 2 × 40) / 5");
            Assert.That(plugin.P95Ms, Is.EqualTo(40), "the largest of the hosts' p95");
            Assert.That(view.Hosts.Select(host => (host.Name, host.Self, host.Plugins.Single().Executions)),
                Is.EqualTo(new[] { ("web-1", true, 3L), ("web-2", false, 2L) }));
        }
    }

    [Test]
    public void Flush_HostRestartedUnderTheSameName_CountsAddUpAndTheNewInstanceIsShown()
    {
        var (before, beforeShared, _) = Host("web-1");
        before.Record(PluginType, StepOutcome.Succeeded, 10);
        before.Record(PluginType, StepOutcome.Succeeded, 10);
        beforeShared.Flush();

        var (after, afterShared, restarted) = Host("web-1");
        after.Record(PluginType, StepOutcome.Failed, 50);
        afterShared.Flush();
        var view = afterShared.Read();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.Plugins.Single().Executions, Is.EqualTo(3));
            Assert.That(view.Plugins.Single().Failures, Is.EqualTo(1));
            Assert.That(view.Plugins.Single().P95Ms, Is.EqualTo(50), "the p95 of the instance that runs now");
            Assert.That(view.Hosts, Has.Count.EqualTo(1));
            Assert.That(Read("SELECT instance_id FROM host_statistics"), Is.EqualTo(restarted.InstanceId.ToString()));
        }
    }

    [Test]
    public async Task Flush_TableGone_FailsThenWritesEverythingOnceItIsBack()
    {
        var (statistics, shared, _) = Host("web-1");
        statistics.Record(PluginType, StepOutcome.Succeeded, 10);
        Execute("ALTER TABLE plugin_statistics RENAME TO plugin_statistics_away");

        Assert.That(shared.Flush, Throws.InstanceOf<System.Data.Common.DbException>());

        // The shutdown write, as the periodic one, logs the failure and returns: it never stops the host.
        await shared.StopAsync(CancellationToken.None);

        statistics.Record(PluginType, StepOutcome.Succeeded, 10);
        Execute("ALTER TABLE plugin_statistics_away RENAME TO plugin_statistics");
        shared.Flush();

        Assert.That(shared.Read().Plugins.Single().Executions, Is.EqualTo(2), "the failed write's execution came with the next one");
    }

    private (PluginStatistics Statistics, SharedStatistics Shared, HostIdentity Identity) Host(string name)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new PluginHostOptions { HostName = name });
        var statistics = new PluginStatistics();
        var identity = new HostIdentity(options, TimeProvider.System);
        var shared = new SharedStatistics(
            statistics,
            _store,
            identity,
            () => new HostCounters(new LoadContextCounters(7, 0, 0, 0), [], new SandboxCounters("Basic", 0, 0, 0, 0)),
            options,
            new LogThrottle(TimeProvider.System),
            TimeProvider.System,
            NullLogger<SharedStatistics>.Instance);
        return (statistics, shared, identity);
    }

    private void Execute(string sql)
    {
        using var connection = _database.OpenDbConnection();
        connection.Execute(sql);
    }

    private string? Read(string sql)
    {
        using var connection = _database.OpenDbConnection();
        return connection.ExecuteScalar<string>(sql);
    }
}
