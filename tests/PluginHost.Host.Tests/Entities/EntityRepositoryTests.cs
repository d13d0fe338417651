using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Xrm.Sdk;
using Npgsql;
using PluginHost.Host.Entities;
using PluginHost.Host.Entities.Queries;
using PluginHost.Host.Jobs;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Entities;

/// <summary>
/// The entity store, its links and its job rows in process, through <see cref="HostDatabase"/>, on each backend: a real
/// SQLite file and a database of its own on the test run's PostgreSQL server. The same calls must give the same answers.
/// </summary>
[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class EntityRepositoryTests(DatabaseBackend backend)
{
    private readonly EntityRepository _repository = new(Microsoft.Extensions.Options.Options.Create(new PluginHostOptions()));
    private readonly EntityLinks _links = new();
    private string _folder = "";
    private RegistrationDatabase _database = null!;
    private DatabaseWatch? _watch;
    private WriteGate? _gate;
    private HostDatabase _store = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-repository-").FullName;
        _database = backend == DatabaseBackend.PostgreSql
            ? RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), Path.Combine(_folder, "pluginhost.key"))
            : RegistrationDatabase.Open(Path.Combine(_folder, "pluginhost.db"));
        HostSchema.Apply(_database);
        if (backend == DatabaseBackend.Sqlite)
        {
            _watch = new DatabaseWatch(_database, TimeProvider.System, NullLogger<DatabaseWatch>.Instance);
            _gate = new WriteGate(_watch);
        }

        _store = new HostDatabase(_database, _gate);
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
    public void InsertThenRetrieve_ReturnsTheTypedValues()
    {
        var id = Guid.NewGuid();
        var parent = new EntityReference("account", Guid.NewGuid());

        Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("contact", id)
        {
            ["fullname"] = "Ann", ["employees"] = 7, ["revenue"] = new Money(12.5m), ["parentcustomerid"] = parent,
        }));

        var read = Read(connection => _repository.Retrieve(connection, null, "contact", id, null))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read["fullname"], Is.EqualTo("Ann"));
            Assert.That(read["employees"], Is.EqualTo(7));
            Assert.That(read.GetAttributeValue<Money>("revenue")?.Value, Is.EqualTo(12.5m));
            Assert.That(read.GetAttributeValue<EntityReference>("parentcustomerid")?.Id, Is.EqualTo(parent.Id));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "contact", Guid.NewGuid(), null)), Is.Null);
        }
    }

    [Test]
    public void Insert_IdThatExists_FailsAsDuplicateAndKeepsTheFirst()
    {
        var id = Guid.NewGuid();
        Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "first" }));

        var exception = Assert.Throws<PipelineException>(() =>
            Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "second" })));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.FaultErrorCode, Is.EqualTo(ServiceFaults.DuplicateRecord));
            Assert.That(exception.Message, Is.EqualTo($"a account record with id {id} already exists"));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", id, null))!["name"], Is.EqualTo("first"));
        }
    }

    [Test]
    public void Update_MergesTheChangesAndCountsTheVersion_MissingRecordIsFalse()
    {
        var id = Guid.NewGuid();
        Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "Contoso", ["employees"] = 5 }));

        var updated = false;
        var missing = true;
        Write(transaction =>
        {
            updated = _repository.Update(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["employees"] = 6 });
            missing = _repository.Update(transaction.Connection, transaction.Transaction, new Entity("account", Guid.NewGuid()) { ["employees"] = 1 });
        });

        var read = Read(connection => _repository.Retrieve(connection, null, "account", id, null))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated, Is.True);
            Assert.That(missing, Is.False);
            Assert.That(read["name"], Is.EqualTo("Contoso"));
            Assert.That(read["employees"], Is.EqualTo(6));
            Assert.That(Read(connection => connection.ExecuteScalar<long>("SELECT row_version FROM entities")), Is.EqualTo(2));
        }
    }

    [Test]
    public void Delete_RemovesTheRecordOnce()
    {
        var id = Guid.NewGuid();
        Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id)));

        var first = false;
        var second = true;
        Write(transaction =>
        {
            first = _repository.Delete(transaction.Connection, transaction.Transaction, "account", id);
            second = _repository.Delete(transaction.Connection, transaction.Transaction, "account", id);
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False);
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", id, null)), Is.Null);
        }
    }

    [Test]
    public void RetrieveMultiple_ReturnsRecordsInTheOrderTheyWereCreated()
    {
        var names = new[] { "Zed", "Amy", "Bob" };
        for (var index = 0; index < names.Length; index++)
        {
            // Ids in the same order, so that two records created within one tick of the clock still come in this order.
            var id = Guid.Parse($"00000000-0000-0000-0000-{index + 1:D12}");
            var name = names[index];
            Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("contact", id) { ["fullname"] = name }));
        }

        var found = Read(connection => _repository.RetrieveMultiple(
            connection, null, new Microsoft.Xrm.Sdk.Query.QueryExpression("contact") { ColumnSet = new(true) }, new QueryContext(Guid.Empty, DateTime.UtcNow)));

        Assert.That(found.Entities.Select(entity => entity.GetAttributeValue<string>("fullname")), Is.EqualTo(names));
    }

    [Test]
    public void Links_AddTwiceIsOneLinkWhicheverEnd_RemoveAllForgetsThem()
    {
        var account = new EntityReference("account", Guid.NewGuid());
        var contact = new EntityReference("contact", Guid.NewGuid());

        var added = new List<bool>();
        Write(transaction =>
        {
            added.Add(_links.Add(transaction.Connection, transaction.Transaction, "account_contacts", account, contact));
            added.Add(_links.Add(transaction.Connection, transaction.Transaction, "account_contacts", contact, account));
        });
        var linked = Read(connection => _links.Linked(connection, null, "account_contacts", account));
        Write(transaction => _links.RemoveAll(transaction.Connection, transaction.Transaction, "contact", contact.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added, Is.EqualTo(new[] { true, false }));
            Assert.That(linked.Select(link => link.Id), Is.EqualTo(new[] { contact.Id }));
            Assert.That(Read(connection => _links.Linked(connection, null, "account_contacts", account)), Is.Empty);
        }
    }

    [Test]
    public void TryInSavepoint_ItemFails_OnlyThatItemIsUndoneAndTheRestCommits()
    {
        var kept = Guid.NewGuid();
        var undone = Guid.NewGuid();
        PipelineException? failure = null;

        Write(transaction =>
        {
            _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", kept));
            failure = transaction.TryInSavepoint(() =>
            {
                _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", undone));
                _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", kept));
            });

            // PostgreSQL refuses every statement of a transaction after an error until it rolls back to a savepoint.
            _repository.Update(transaction.Connection, transaction.Transaction, new Entity("account", kept) { ["name"] = "after" });
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure?.FaultErrorCode, Is.EqualTo(ServiceFaults.DuplicateRecord));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", kept, null))!["name"], Is.EqualTo("after"));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", undone, null)), Is.Null);
        }
    }

    [Test]
    public void Jobs_ClaimPostponeRetryListSettle_OnTheSameRow()
    {
        using var jobs = NewJobStore();
        var id = Guid.NewGuid();
        Read(connection => connection.Execute(
            """
            INSERT INTO async_jobs (id, step_id, plugin_type, message, entity, correlation_id, status, attempts, next_attempt_on, last_error, context, created_on, modified_on)
            VALUES (@id, @stepId, 'Acme.Plugin', 'Create', 'account', @correlationId, 'Waiting', 0, '2000-01-01T00:00:00.0000000Z', NULL, @context, '2000-01-01T00:00:00.0000000Z', '2000-01-01T00:00:00.0000000Z')
            """,
            new { id = id.ToString(), stepId = Guid.NewGuid().ToString(), correlationId = Guid.NewGuid().ToString(), context = new byte[] { 1, 2, 3 } }));

        var first = jobs.ClaimNext();
        var none = jobs.ClaimNext();
        jobs.Postpone(id, "busy", TimeSpan.Zero);
        var afterPostpone = jobs.ClaimNext();
        jobs.Retry(id, "failed once", TimeSpan.Zero);
        var afterRetry = jobs.ClaimNext();
        var inProgress = jobs.List("inprogress", 10);
        jobs.Settle(id, JobStore.Succeeded, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first?.Id, Is.EqualTo(id));
            Assert.That(first?.Context, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(none, Is.Null);
            Assert.That(afterPostpone?.Attempts, Is.EqualTo(1), "a postponed attempt does not count");
            Assert.That(afterRetry?.Attempts, Is.EqualTo(2));
            Assert.That(inProgress, Has.Count.EqualTo(1));
            Assert.That(((IDictionary<string, object?>)inProgress[0])["lastError"], Is.EqualTo("failed once"));
            Assert.That(jobs.List(null, 10), Has.Count.EqualTo(1));
            Assert.That(Read(connection => connection.ExecuteScalar<string>("SELECT status FROM async_jobs")), Is.EqualTo(JobStore.Succeeded));
        }
    }

    [Test]
    public void Jobs_FourClaimersAtOnce_EveryJobClaimedExactlyOnce()
    {
        const int JobCount = 200;
        Read(connection => connection.Execute(
            """
            INSERT INTO async_jobs (id, step_id, plugin_type, message, entity, correlation_id, status, attempts, next_attempt_on, last_error, context, created_on, modified_on)
            VALUES (@id, @id, 'Acme.Plugin', 'Create', 'account', @id, 'Waiting', 0, '2000-01-01T00:00:00.0000000Z', NULL, @context, '2000-01-01T00:00:00.0000000Z', '2000-01-01T00:00:00.0000000Z')
            """,
            Enumerable.Range(0, JobCount).Select(_ => new { id = Guid.NewGuid().ToString(), context = new byte[] { 0 } })));
        var claimers = Enumerable.Range(0, 4).Select(_ => NewJobStore()).ToList();

        // Each claimer claims until the queue is empty: a claim that lost its job to another claimer answers null, so
        // a claimer stops only when a claim finds no Waiting job at all.
        var claimed = claimers.AsParallel().WithDegreeOfParallelism(4).SelectMany(jobs =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                if (jobs.ClaimNext() is { } claim)
                {
                    mine.Add(claim.Id);
                }
                else if (Read(connection => connection.ExecuteScalar<long>("SELECT COUNT(*) FROM async_jobs WHERE status = 'Waiting'")) == 0)
                {
                    break;
                }
            }

            return mine;
        }).ToList();
        claimers.ForEach(jobs => jobs.Dispose());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claimed, Has.Count.EqualTo(JobCount));
            Assert.That(claimed, Is.Unique);
        }
    }

    /// <summary>A job store as one host's runner has it: a host identity of its own, the default options.</summary>
    private JobStore NewJobStore()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new PluginHostOptions());
        return new JobStore(_store, new HostIdentity(options, TimeProvider.System), options, TimeProvider.System, NullLogger<JobStore>.Instance);
    }

    private void Write(Action<OperationTransaction> action)
    {
        using var transaction = _store.BeginOperation();
        action(transaction);
        transaction.Commit();
    }

    private T Read<T>(Func<System.Data.Common.DbConnection, T> read)
    {
        using var connection = _store.Open();
        return read(connection);
    }
}
