using Microsoft.Data.Sqlite;
using Npgsql;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Registration.Tests.Store;

/// <summary>
/// A fresh registration store for each test, on the backend the fixture is made for: a SQLite file of its own, or a
/// database of its own on the test run's PostgreSQL server (with a key file in the test's folder: PostgreSQL has none
/// beside it).
/// </summary>
internal abstract class StoreTestBase
{
    private string _folder = "";

    /// <summary>A store on SQLite.</summary>
    protected StoreTestBase()
        : this(DatabaseBackend.Sqlite)
    {
    }

    /// <summary>A store on <paramref name="backend"/>.</summary>
    protected StoreTestBase(DatabaseBackend backend) => Backend = backend;

    protected DatabaseBackend Backend { get; }

    protected RegistrationStore Store { get; private set; } = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-store-").FullName;
        Store = new RegistrationStore(Backend == DatabaseBackend.PostgreSql
            ? RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), Path.Combine(_folder, "registrations.key"))
            : RegistrationDatabase.Open(Path.Combine(_folder, "registrations.db")));
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        if (Backend == DatabaseBackend.PostgreSql)
        {
            // Each test's database has a pool of its own: emptied, so that idle connections do not pile up on the server.
            using var connection = new NpgsqlConnection(Store.Database.Location.Value);
            NpgsqlConnection.ClearPool(connection);
        }

        Directory.Delete(_folder, recursive: true);
    }
}
