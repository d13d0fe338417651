using Dapper;
using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture]
internal sealed class RegistrationDatabaseTests
{
    private string _folder = "";

    private string DatabasePath => Path.Combine(_folder, "registrations.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-store-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Open_NewFile_AppliesEveryMigrationInWalModeWithDefaultsSeeded()
    {
        var database = RegistrationDatabase.Open(DatabasePath);

        using var connection = database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(connection.ExecuteScalar<int>("PRAGMA user_version"), Is.EqualTo(RegistrationDatabase.SchemaVersion));
            Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(connection.ExecuteScalar<int>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM disallowed_apis"), Is.GreaterThan(20));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE is_custom = 0"), Is.EqualTo(13));
        }
    }

    [Test]
    public void Open_NewFile_CreatesNoneOfTheHostsTables()
    {
        var database = RegistrationDatabase.Open(DatabasePath);

        // The host creates and migrates its own tables (PluginHost.Host.Storage.HostSchema).
        using var connection = database.OpenConnection();
        Assert.That(
            connection.Query<string>("SELECT name FROM sqlite_master").ToList(),
            Has.None.AnyOf("entities", "trace_log", "plugin_statistics", "async_jobs", "entity_links", "ix_trace_log_started", "schema_versions"));
    }

    [Test]
    public void OpenConnection_PooledReopen_KeepsEveryConnectionSetting()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        var handles = new List<SQLitePCL.sqlite3>();

        for (var open = 0; open < 3; open++)
        {
            using var connection = database.OpenConnection();
            handles.Add(connection.Handle!);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(connection.ExecuteScalar<int>("PRAGMA busy_timeout"), Is.EqualTo(10_000), $"open {open}");
                Assert.That(connection.ExecuteScalar<int>("PRAGMA synchronous"), Is.EqualTo(1), $"open {open}: NORMAL");
                Assert.That(connection.ExecuteScalar<int>("PRAGMA foreign_keys"), Is.EqualTo(1), $"open {open}");
            }
        }

        // The settings are applied once per physical connection: the reopens must really have reused one, and a
        // second connection open at the same time (a second physical one) gets them too.
        using var first = database.OpenConnection();
        using var second = database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handles.Distinct().Count(), Is.EqualTo(1), "the pool handed back the same physical connection");
            Assert.That(second.Handle, Is.Not.SameAs(first.Handle));
            Assert.That(second.ExecuteScalar<int>("PRAGMA busy_timeout"), Is.EqualTo(10_000), "second connection");
            Assert.That(second.ExecuteScalar<int>("PRAGMA foreign_keys"), Is.EqualTo(1), "second connection");
        }
    }

    [Test]
    public void Open_TwiceAndConcurrently_MigratesOnceAndKeepsData()
    {
        var stores = Enumerable.Range(0, 4).AsParallel().Select(_ => new RegistrationStore(RegistrationDatabase.Open(DatabasePath))).ToList();
        stores[0].AddMessage("acme_Ping", null);

        var reopened = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));

        Assert.That(reopened.ListMessages().Select(message => message.Name), Does.Contain("acme_Ping"));
    }

    [Test]
    public void Open_CurrentSchema_SkipsTheForeignKeyCheckThatOnlyMigrationsNeed()
    {
        RegistrationDatabase.Open(DatabasePath);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false;Foreign Keys=False"))
        {
            connection.Open();
            connection.Execute("INSERT INTO plugin_types (id, assembly_id, type_name) VALUES ('t', 'no-such-assembly', 'Acme.Plugin')");
        }

        // A migration would refuse this file (MigrationSevenTests); an open with nothing to migrate does not read every row.
        Assert.DoesNotThrow(() => RegistrationDatabase.Open(DatabasePath));
        using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        check.Open();
        Assert.That(check.Query("PRAGMA foreign_key_check"), Is.Not.Empty, "the broken row is still there to be found");
    }

    [Test]
    public void Open_SchemaNewerThanProgram_RefusedNamingBothVersions()
    {
        RegistrationDatabase.Open(DatabasePath);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            connection.Open();
            connection.Execute($"PRAGMA user_version = {RegistrationDatabase.SchemaVersion + 1}");
        }

        var exception = Assert.Throws<RegistrationException>(() => RegistrationDatabase.Open(DatabasePath));

        Assert.That(exception!.Message, Does.Contain($"schema version {RegistrationDatabase.SchemaVersion + 1}").And.Contain("newer"));
    }

    [Test]
    public void ReadRevision_ChangeFromAnotherConnection_Grows()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        var before = database.ReadRevision();

        using (var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            other.Open();
            other.Execute("INSERT INTO disallowed_apis (pattern, reason) VALUES ('Acme.Forbidden', 'test')");
        }

        Assert.That(database.ReadRevision(), Is.GreaterThan(before));
    }

    [Test]
    public void ReadRevision_ReadsOnly_DoesNotGrow()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        var before = store.Database.ReadRevision();

        store.ListSteps();
        store.ListAssemblies();
        store.ListDisallowed();

        Assert.That(store.Database.ReadRevision(), Is.EqualTo(before));
    }
}
