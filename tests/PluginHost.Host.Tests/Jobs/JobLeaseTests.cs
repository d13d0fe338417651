using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PluginHost.Host.Jobs;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;
using PluginHost.Host.Tests.Diagnostics;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Jobs;

/// <summary>
/// Job leases in process, on each backend (a real SQLite file, a database of its own on the test run's PostgreSQL
/// server): several <see cref="JobStore"/>s with identities of their own stand for several hosts, and a clock moved by
/// hand stands for the lease running out.
/// </summary>
[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class JobLeaseTests(DatabaseBackend backend)
{
    private const int LeaseSeconds = 30;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(LeaseSeconds);

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private LeaseDatabase _database = null!;

    [SetUp]
    public void OpenStore() => _database = new LeaseDatabase(backend);

    [TearDown]
    public void CloseStore() => _database.Dispose();

    [Test]
    public void ClaimNext_WaitingJob_SetsOwnerExpiryAndHost()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var id = _database.AddJob();

        var claim = a.Jobs.ClaimNext();
        var row = _database.Row(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claim?.Id, Is.EqualTo(id));
            Assert.That(claim?.Attempts, Is.EqualTo(1));
            Assert.That(claim?.TakenOverFrom, Is.Null);
            Assert.That(row.Status, Is.EqualTo(JobStore.InProgress));
            Assert.That(row.LeaseOwner, Is.EqualTo(a.Identity.InstanceId.ToString()));
            Assert.That(row.LeaseExpiresOn, Is.EqualTo(Iso(_clock.GetUtcNow() + Lease)));
            Assert.That(row.Host, Is.EqualTo("host-a"));
            Assert.That(((IDictionary<string, object?>)a.Jobs.List(null, 10).Single())["host"], Is.EqualTo("host-a"), "the job listing names the host");
        }
    }

    [Test]
    public void ClaimNext_LeaseHeldByAnotherInstance_NothingUntilItLapsesThenTakesOver()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var b = _database.Host("host-b", _clock, LeaseSeconds);
        var id = _database.AddJob();
        a.Jobs.ClaimNext();

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var whileHeld = b.Jobs.ClaimNext();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var takenOver = b.Jobs.ClaimNext();
        var row = _database.Row(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileHeld, Is.Null, "a leased job is not claimed by another instance");
            Assert.That(takenOver?.Id, Is.EqualTo(id));
            Assert.That(takenOver?.TakenOverFrom, Is.EqualTo("host-a"));
            Assert.That(takenOver?.Attempts, Is.EqualTo(2), "a takeover counts an attempt");
            Assert.That(row.LeaseOwner, Is.EqualTo(b.Identity.InstanceId.ToString()));
            Assert.That(row.Host, Is.EqualTo("host-b"));
            Assert.That(row.LeaseExpiresOn, Is.EqualTo(Iso(_clock.GetUtcNow() + Lease)));
        }
    }

    [Test]
    public void SettleRetryPostpone_AfterAnotherInstanceTookOver_ChangeNothing()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var b = _database.Host("host-b", _clock, LeaseSeconds);
        var id = _database.AddJob();
        a.Jobs.ClaimNext();
        _clock.Advance(Lease);
        b.Jobs.ClaimNext();

        var settled = a.Jobs.Settle(id, JobStore.Failed, "a's outcome");
        var retried = a.Jobs.Retry(id, "a's retry", TimeSpan.Zero);
        var postponed = a.Jobs.Postpone(id, "a's postponement", TimeSpan.Zero);
        var deleted = a.Jobs.Settle(id, JobStore.Succeeded, null, delete: true);
        var afterA = _database.Row(id);
        var settledByB = b.Jobs.Settle(id, JobStore.Succeeded, null);
        var afterB = _database.Row(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { settled, retried, postponed, deleted }, Is.All.False, "the instance that lost its lease changed nothing");
            Assert.That(afterA.Status, Is.EqualTo(JobStore.InProgress));
            Assert.That(afterA.LeaseOwner, Is.EqualTo(b.Identity.InstanceId.ToString()));
            Assert.That(afterA.LastError, Is.Null);
            Assert.That(settledByB, Is.True);
            Assert.That(afterB.Status, Is.EqualTo(JobStore.Succeeded));
            Assert.That(afterB.LeaseOwner, Is.Null, "a job that left InProgress has no lease");
            Assert.That(afterB.LeaseExpiresOn, Is.Null);
            Assert.That(afterB.Host, Is.EqualTo("host-b"), "the host that ran it stays on the job");
        }
    }

    [Test]
    public void RenewLeases_BeforeTheLeaseLapses_ExtendsItAndKeepsOthersOut()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var b = _database.Host("host-b", _clock, LeaseSeconds);
        var first = _database.AddJob();
        var second = _database.AddJob();
        a.Jobs.ClaimNext();
        a.Jobs.ClaimNext();

        _clock.Advance(Lease * 2 / 3);
        var renewed = a.Jobs.RenewLeases();
        _clock.Advance(Lease * 2 / 3);
        var pastTheFirstLease = b.Jobs.ClaimNext();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(renewed, Is.EquivalentTo(new[] { first, second }));
            Assert.That(_database.Row(first).LeaseExpiresOn, Is.EqualTo(Iso(_clock.GetUtcNow() - (Lease * 2 / 3) + Lease)));
            Assert.That(pastTheFirstLease, Is.Null, "a renewed lease holds past the first expiry");
            Assert.That(b.Jobs.RenewLeases(), Is.Empty, "an instance renews only its own leases");
        }
    }

    [Test]
    public void RenewLeases_JobTakenOverMeanwhile_NotAmongTheRenewed()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var b = _database.Host("host-b", _clock, LeaseSeconds);
        var id = _database.AddJob();
        a.Jobs.ClaimNext();
        _clock.Advance(Lease);
        b.Jobs.ClaimNext();

        var renewedByA = a.Jobs.RenewLeases();
        var renewedByB = b.Jobs.RenewLeases();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(renewedByA, Is.Empty);
            Assert.That(renewedByB, Is.EquivalentTo(new[] { id }));
        }
    }

    [Test]
    public void ClaimNext_OwnLeaseLapsed_NotTakenOverByItsOwnerWhoseNextRenewalExtendsIt()
    {
        var a = _database.Host("host-a", _clock, LeaseSeconds);
        var id = _database.AddJob();
        a.Jobs.ClaimNext();
        _clock.Advance(Lease * 2);

        var again = a.Jobs.ClaimNext();
        var renewed = a.Jobs.RenewLeases();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.Null, "the job still runs on its owner, whose renewals had failed");
            Assert.That(renewed, Is.EquivalentTo(new[] { id }));
            Assert.That(_database.Row(id).LeaseExpiresOn, Is.EqualTo(Iso(_clock.GetUtcNow() + Lease)));
        }
    }

    [Test]
    public void ClaimNext_TakeoverWithAttemptsUsedUp_FailsThePoisonJobAndClaimsTheNext()
    {
        var hosts = Enumerable.Range(0, 3).Select(index => _database.Host($"host-{index}", _clock, LeaseSeconds, maxAttempts: 2)).ToList();
        var poison = _database.AddJob();
        hosts[0].Jobs.ClaimNext();
        _clock.Advance(Lease);
        var second = hosts[1].Jobs.ClaimNext();
        _clock.Advance(Lease);
        var next = _database.AddJob(due: _clock.GetUtcNow());

        var third = hosts[2].Jobs.ClaimNext();
        var failed = _database.Row(poison);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second?.Attempts, Is.EqualTo(2), "one host dying does not fail a job with attempts left");
            Assert.That(third?.Id, Is.EqualTo(next));
            Assert.That(failed.Status, Is.EqualTo(JobStore.Failed));
            Assert.That(failed.Attempts, Is.EqualTo(2));
            Assert.That(failed.LastError, Does.Contain("host-1").And.Contain("stopped while running it"));
            Assert.That(failed.LeaseOwner, Is.Null);
        }
    }

    [Test]
    public void ReleaseAbandoned_JobsOfAStoppedInstance_TakenOverAtOnce()
    {
        var stopped = _database.Host("host", _clock, LeaseSeconds);
        var id = _database.AddJob();
        stopped.Jobs.ClaimNext();
        var restarted = _database.Host("host", _clock, LeaseSeconds);

        var released = restarted.Jobs.ReleaseAbandoned();
        var claim = restarted.Jobs.ClaimNext();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(released, Is.EqualTo(1));
            Assert.That(claim?.Id, Is.EqualTo(id), "taken back without waiting for the lease");
            Assert.That(claim?.Attempts, Is.EqualTo(2));
            Assert.That(restarted.Jobs.ReleaseAbandoned(), Is.Zero, "its own jobs are not released");
        }
    }

    [Test]
    public void ClaimNext_FourInstancesAtOnce_EveryJobClaimedOnceUnderItsClaimersLease()
    {
        const int JobCount = 400;
        var ids = Enumerable.Range(0, JobCount).Select(_ => _database.AddJob()).ToHashSet();
        var hosts = Enumerable.Range(0, 4).Select(index => _database.Host($"host-{index}", TimeProvider.System, LeaseSeconds)).ToList();

        // The claimers claim in rounds, all four at once in each (a barrier): left to themselves, one could drain the queue
        // before the others started. A claim answers null only when no claimable job is left unlocked (SKIP LOCKED skips
        // the rows the others are claiming; a row claimed meanwhile is re-checked and passed over), so with at least four
        // jobs left each claimer of a round gets one of its own.
        var claims = new System.Collections.Concurrent.ConcurrentBag<(Guid Job, string Owner)>();
        using var barrier = new Barrier(hosts.Count);
        var claimers = hosts.Select(host => Task.Factory.StartNew(
            () =>
            {
                for (var round = 0; round < JobCount / hosts.Count; round++)
                {
                    barrier.SignalAndWait();
                    if (host.Jobs.ClaimNext() is { } claim)
                    {
                        claims.Add((claim.Id, host.Identity.InstanceId.ToString()));
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(claimers);
        var owners = ids.ToDictionary(id => id, id => _database.Row(id).LeaseOwner);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claims.Select(claim => claim.Job), Is.Unique);
            Assert.That(claims.Select(claim => claim.Job), Is.EquivalentTo(ids));
            Assert.That(claims.Where(claim => owners[claim.Job] != claim.Owner), Is.Empty, "each job is leased to the instance that claimed it");
            Assert.That(claims.Select(claim => claim.Owner).Distinct().Count(), Is.EqualTo(hosts.Count), "every claimer took part");
        }
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Claimers on PostgreSQL skip the job rows other claimers hold locked instead of waiting for them
/// (<c>FOR UPDATE SKIP LOCKED</c>). SQLite has no row locks: its one writer orders claims, so this has no SQLite twin.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class JobLeaseRowLockTests
{
    [Test]
    public async Task ClaimNext_FirstJobLockedByAnotherTransaction_ClaimsTheNextWithoutWaiting()
    {
        using var database = new LeaseDatabase(DatabaseBackend.PostgreSql);
        var host = database.Host("host-a", TimeProvider.System, 30);
        var first = database.AddJob(due: DateTimeOffset.UtcNow.AddMinutes(-2));
        var second = database.AddJob(due: DateTimeOffset.UtcNow.AddMinutes(-1));

        await using var locker = new NpgsqlConnection(database.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await locker.ExecuteAsync("SELECT id FROM async_jobs WHERE id = @id FOR UPDATE", new { id = first.ToString() }, transaction);

        var claiming = Task.Run(host.Jobs.ClaimNext);
        var answered = await Eventually.TrueAsync(() => claiming.IsCompleted, TimeSpan.FromSeconds(30));
        await transaction.RollbackAsync();
        var claimWhileLocked = await claiming;
        var claimAfter = host.Jobs.ClaimNext();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answered, Is.True, "the claim waited for the other transaction's row lock");
            Assert.That(claimWhileLocked?.Id, Is.EqualTo(second));
            Assert.That(claimAfter?.Id, Is.EqualTo(first));
        }
    }
}

/// <summary>A fresh host store on one backend, and job stores standing for the hosts that share it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LeaseDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pluginhost-lease-").FullName;
    private readonly DatabaseWatch? _watch;
    private readonly WriteGate? _gate;
    private readonly HostDatabase _store;
    private readonly List<JobStore> _jobStores = [];

    public LeaseDatabase(DatabaseBackend backend)
    {
        ConnectionString = backend == DatabaseBackend.PostgreSql ? PostgresServer.Instance.CreateDatabase() : Path.Combine(_folder, "pluginhost.db");
        var database = backend == DatabaseBackend.PostgreSql
            ? RegistrationDatabase.Open(ConnectionString, Path.Combine(_folder, "pluginhost.key"))
            : RegistrationDatabase.Open(ConnectionString);
        HostSchema.Apply(database);
        if (backend == DatabaseBackend.Sqlite)
        {
            _watch = new DatabaseWatch(database, TimeProvider.System, NullLogger<DatabaseWatch>.Instance);
            _gate = new WriteGate(_watch);
        }

        _store = new HostDatabase(database, _gate);
    }

    /// <summary>The PostgreSQL connection string, or the SQLite file.</summary>
    public string ConnectionString { get; }

    /// <summary>One host's identity and job store, on <paramref name="clock"/>.</summary>
    public (HostIdentity Identity, JobStore Jobs) Host(string name, TimeProvider clock, int leaseSeconds, int maxAttempts = 4)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new PluginHostOptions
        {
            HostName = name,
            Jobs = new JobOptions { LeaseSeconds = leaseSeconds, MaxAttempts = maxAttempts },
        });
        var identity = new HostIdentity(options, clock);
        var jobs = new JobStore(_store, identity, options, clock, NullLogger<JobStore>.Instance);
        _jobStores.Add(jobs);
        return (identity, jobs);
    }

    /// <summary>Queues a job due at <paramref name="due"/> (long ago by default); returns its id.</summary>
    public Guid AddJob(DateTimeOffset? due = null)
    {
        var id = Guid.NewGuid();
        var time = (due ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var connection = _store.Open();
        connection.Execute(
            """
            INSERT INTO async_jobs (id, step_id, plugin_type, message, entity, correlation_id, status, attempts, next_attempt_on, last_error, context, created_on, modified_on)
            VALUES (@id, @id, 'Acme.Plugin', 'Create', 'account', @id, 'Waiting', 0, @time, NULL, @context, @time, @time)
            """,
            new { id = id.ToString(), time, context = new byte[] { 0 } });
        return id;
    }

    /// <summary>The lease columns and outcome of one job.</summary>
    public JobRow Row(Guid id)
    {
        using var connection = _store.Open();
        return connection.QuerySingle<JobRow>(
            """
            SELECT status AS "Status", attempts AS "Attempts", last_error AS "LastError", lease_owner AS "LeaseOwner",
                   lease_expires_on AS "LeaseExpiresOn", host AS "Host"
            FROM async_jobs WHERE id = @id
            """,
            new { id = id.ToString() });
    }

    public void Dispose()
    {
        _jobStores.ForEach(jobs => jobs.Dispose());
        _gate?.Dispose();
        _watch?.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>What <see cref="LeaseDatabase.Row"/> reads.</summary>
internal sealed class JobRow
{
    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public string? LeaseOwner { get; set; }

    public string? LeaseExpiresOn { get; set; }

    public string? Host { get; set; }
}
