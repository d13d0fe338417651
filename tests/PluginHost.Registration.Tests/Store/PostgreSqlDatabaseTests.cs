using System.Net;
using System.Net.Sockets;
using Dapper;
using Npgsql;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Secrets;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Registration.Tests.Store;

/// <summary>What only PostgreSQL does: databases created on first use, concurrent migration, NOTIFY, connection errors.</summary>
[TestFixture]
internal sealed class PostgreSqlDatabaseTests
{
    private const string WrongPassword = "not-the-password-42";

    private string _folder = "";

    private string KeyFile => Path.Combine(_folder, "registrations.key");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-pg-test-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Open_DatabaseMissing_CreatesAndMigratesIt()
    {
        var connectionString = PostgresServer.Instance.ConnectionString(PostgresServer.NewDatabaseName());

        var store = new RegistrationStore(RegistrationDatabase.Open(connectionString, KeyFile));

        using var connection = store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Database.Location.Backend, Is.EqualTo(DatabaseBackend.PostgreSql));
            Assert.That(store.ListMessages().Select(message => message.Name), Does.Contain("Create").And.Contain("ExecuteTransaction"));
            Assert.That(store.ListDisallowed(), Has.Count.EqualTo(DefaultDisallowedApis.All.Count));
            Assert.That(
                connection.ExecuteScalar<int>("SELECT version FROM schema_versions WHERE owner = 'registration'"),
                Is.EqualTo(RegistrationDatabase.PostgreSqlSchemaVersion));
        }
    }

    [Test]
    public void Open_SeveralProcessesAtOnceOnANewDatabase_MigratedOnce()
    {
        var connectionString = PostgresServer.Instance.ConnectionString(PostgresServer.NewDatabaseName());

        var databases = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => RegistrationDatabase.Open(connectionString, KeyFile)).ToList();
        var reopened = new RegistrationStore(RegistrationDatabase.Open(connectionString, KeyFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(databases, Has.Count.EqualTo(4));
            Assert.That(reopened.ListDisallowed(), Has.Count.EqualTo(DefaultDisallowedApis.All.Count), "the seed rows were written once");
            Assert.That(reopened.ListMessages().Count(message => message.Name == "Create"), Is.EqualTo(1));
        }
    }

    [Test]
    public void AddMessage_ListeningConnection_NotifiedWithTheNewRevision()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile));
        var before = store.Database.ReadRevision();
        using var listener = (NpgsqlConnection)store.Database.OpenDbConnection();
        var payloads = new List<string>();
        listener.Notification += (_, notification) => payloads.Add(notification.Payload);
        listener.Execute("LISTEN pluginhost_registration");

        store.AddMessage("ApproveOrder", null);
        listener.Wait();

        var after = store.Database.ReadRevision();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after, Is.GreaterThan(before));
            Assert.That(payloads, Is.Not.Empty);
            Assert.That(payloads[^1], Is.EqualTo(after.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public void AddUser_NameDiffersOnlyInCase_Refused()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile));
        store.AddUser("alice");

        var refusal = Assert.Throws<RegistrationException>(() => store.AddUser("ALICE"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal.Message, Does.Contain("a user named 'ALICE' already exists"));
            Assert.That(store.ListUsers(), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void RegisterServiceEndpoint_AuthHeader_SealedAsBytesAndReadBack()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile));

        var endpoint = store.RegisterServiceEndpoint("orders", "https://hooks.example/orders", authHeader: "X-Key: s3cret");

        using var connection = store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.EqualTo("X-Key: s3cret"));
            Assert.That(connection.ExecuteScalar<byte[]>("SELECT auth_header FROM service_endpoint_secrets"), Is.Not.Empty);
            Assert.That(File.Exists(KeyFile), Is.True, "the key is made at the key file given");
        }
    }

    [Test]
    public void Open_WrongPassword_OneLineNamingTheLocationWithoutThePassword()
    {
        var connectionString = PostgresServer.Instance.ConnectionString(PostgresServer.NewDatabaseName(), WrongPassword);

        var refusal = Assert.Throws<RegistrationException>(() => RegistrationDatabase.Open(connectionString, KeyFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal.Message, Does.StartWith("cannot open database 'Host=127.0.0.1;"));
            Assert.That(refusal.Message, Does.Contain("Password=***").And.Contain("password authentication failed"));
            Assert.That(refusal.Message, Does.Not.Contain(WrongPassword).And.Not.Contain(PostgresServer.Instance.Password));
            Assert.That(refusal.Message, Does.Not.Contain("\n"));
        }
    }

    [Test]
    public void Open_NothingListens_OneLineNamingTheLocationWithoutThePassword()
    {
        var port = UnusedPort();
        var url = $"postgresql://{PostgresServer.User}:{WrongPassword}@127.0.0.1:{port}/pluginhost";

        var refusal = Assert.Throws<RegistrationException>(() => RegistrationDatabase.Open(url, KeyFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal.Message, Does.StartWith($"cannot open database 'Host=127.0.0.1;Port={port};"));
            Assert.That(refusal.Message, Does.Contain("Connection refused"));
            Assert.That(refusal.Message, Does.Not.Contain(WrongPassword));
            Assert.That(refusal.Message, Does.Not.Contain("\n"));
        }
    }

    [Test]
    public void Open_NoKeyFileGiven_RefusedNamingTheSetting()
    {
        var refusal = Assert.Throws<RegistrationException>(() => RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase()));

        Assert.That(refusal.Message, Does.Contain("--key-file").And.Contain(SecretKeyFile.PathVariable).And.Contain("PluginHost__KeyFile"));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
