using Dapper;
using Microsoft.Xrm.Sdk;
using Npgsql;
using PluginHost.Host.Entities;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Entities;

/// <summary>
/// Concurrent writes on PostgreSQL, where no process-wide gate serializes them (READ COMMITTED, row locks): two
/// Updates of one record run one after the other and both changes survive; writes of different records do not wait.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class RowLockTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly EntityRepository _repository = new(Microsoft.Extensions.Options.Options.Create(new PluginHostOptions()));
    private string _folder = "";
    private HostDatabase _store = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-rowlock-").FullName;
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), Path.Combine(_folder, "pluginhost.key"));
        HostSchema.Apply(database);
        _store = new HostDatabase(database, writeGate: null);
    }

    [TearDown]
    public void CloseStore()
    {
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Update_SameRecordConcurrently_SecondWaitsForTheFirstAndBothChangesSurvive()
    {
        var id = Guid.NewGuid();
        Write(transaction => _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "Contoso", ["employees"] = 5 }));

        Task second;
        using (var first = _store.BeginOperation())
        {
            _repository.Update(first.Connection, first.Transaction, new Entity("account", id) { ["employees"] = 6 });

            second = Task.Run(() => Write(transaction =>
                _repository.Update(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "Fabrikam" })));
            var waited = await Eventually.TrueAsync(() => BackendsWaitingForALock() == 1, Within);

            Assert.That(waited && !second.IsCompleted, Is.True, "the second Update waits on the row the first has locked");
            first.Commit();
        }

        await second;
        var read = Read(connection => _repository.Retrieve(connection, null, "account", id, null))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read["employees"], Is.EqualTo(6), "the first Update's change");
            Assert.That(read["name"], Is.EqualTo("Fabrikam"), "the second Update's change");
            Assert.That(Read(connection => connection.ExecuteScalar<long>("SELECT row_version FROM entities")), Is.EqualTo(3));
        }
    }

    [Test]
    public async Task UpdateAndDelete_DifferentRecords_SecondProceedsWhileTheFirstIsOpen()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        Write(transaction =>
        {
            foreach (var id in ids)
            {
                _repository.Insert(transaction.Connection, transaction.Transaction, new Entity("account", id) { ["name"] = "before" });
            }
        });

        Task second;
        using (var first = _store.BeginOperation())
        {
            _repository.Update(first.Connection, first.Transaction, new Entity("account", ids[0]) { ["name"] = "first" });
            _repository.Delete(first.Connection, first.Transaction, "account", ids[1]);

            second = Task.Run(() => Write(transaction =>
            {
                _repository.Update(transaction.Connection, transaction.Transaction, new Entity("account", ids[2]) { ["name"] = "second" });
                _repository.Delete(transaction.Connection, transaction.Transaction, "account", ids[3]);
            }));
            var finished = await Eventually.TrueAsync(() => second.IsCompleted, Within);

            Assert.That(finished, Is.True, "the second transaction committed while the first was still open");
            first.Commit();
        }

        await second;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", ids[0], null))!["name"], Is.EqualTo("first"));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", ids[1], null)), Is.Null);
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", ids[2], null))!["name"], Is.EqualTo("second"));
            Assert.That(Read(connection => _repository.Retrieve(connection, null, "account", ids[3], null)), Is.Null);
        }
    }

    private long BackendsWaitingForALock() => Read(connection => connection.ExecuteScalar<long>(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"));

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
