using Npgsql;
using PluginHost.Tests.Shared;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>pluginreg with <c>--db</c> naming a PostgreSQL database, as a connection string or a URL.</summary>
[TestFixture]
internal sealed class PostgreSqlCommandTests
{
    private string _folder = "";

    private string KeyFile => Path.Combine(_folder, "pluginhost.key");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginreg-pg-test-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void MessageRegister_ConnectionString_StoredOnTheServer()
    {
        var database = PostgresServer.Instance.CreateDatabase();

        var registered = InProcessPluginReg.Run(database, "--key-file", KeyFile, "message", "register", "acme_Approve", "--json");
        var listed = InProcessPluginReg.Run(database, "--key-file", KeyFile, "message", "list", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered.ExitCode, Is.Zero, registered.ToString);
            Assert.That(listed.Json.EnumerateArray().Select(message => message.GetProperty("name").GetString()), Does.Contain("acme_Approve"));
        }
    }

    [Test]
    public void StepList_UrlOfANewDatabase_CreatesIt()
    {
        var server = PostgresServer.Instance;
        var url = $"postgresql://{PostgresServer.User}:{Uri.EscapeDataString(server.Password)}@127.0.0.1:{server.Port}/{PostgresServer.NewDatabaseName()}";

        var result = InProcessPluginReg.Run(url, "--key-file", KeyFile, "step", "list", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void AnyCommand_WrongPassword_OneErrorLineWithoutThePassword()
    {
        const string WrongPassword = "definitely-wrong-17";
        var database = PostgresServer.Instance.ConnectionString(PostgresServer.NewDatabaseName(), WrongPassword);

        var result = InProcessPluginReg.Run(database, "--key-file", KeyFile, "step", "list");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.ErrorLines[0], Does.StartWith("error: cannot open database 'Host=127.0.0.1;").And.Contain("Password=***"));
            Assert.That(result.StdErr + result.StdOut, Does.Not.Contain(WrongPassword));
        }
    }
}
