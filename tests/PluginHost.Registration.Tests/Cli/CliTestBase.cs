using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>A fresh, migrated database file in a fresh temp folder for every test.</summary>
internal abstract class CliTestBase
{
    protected string Folder { get; private set; } = "";

    protected string Database => Path.Combine(Folder, "pluginhost.db");

    protected static string Clean => TestPluginPaths.Of("Clean");

    [SetUp]
    public void CreateDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("pluginreg-test-").FullName;

        // Created up front through the same migrations pluginreg runs, so a test that reads the revision before its
        // first command has a database to read.
        RegistrationDatabase.Open(Database);
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    protected CliResult Run(params string[] arguments) => PluginReg.Run(Database, arguments);

    protected CliResult RunJson(params string[] arguments)
    {
        var result = Run([.. arguments, "--json"]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        return result;
    }

    protected string RegisterStep(params string[] arguments) =>
        RunJson(["step", "register", .. arguments]).Json.GetProperty("id").GetString()!;

    /// <summary>Asserts a refusal: non-zero exit, every stderr line an <c>error:</c>, no stack trace, one line containing each fragment.</summary>
    protected static void AssertRefused(CliResult result, params string[] fragments)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero, result.ToString);
            Assert.That(result.ErrorLines, Is.Not.Empty, result.ToString);
            Assert.That(result.ErrorLines, Has.All.StartsWith("error:"), result.ToString);
            Assert.That(result.StdErr, Does.Not.Contain("   at ").And.Not.Contain("Exception:"), result.ToString);
            foreach (var fragment in fragments)
            {
                Assert.That(result.ErrorLines, Has.Some.Contains(fragment), result.ToString);
            }
        }
    }

    /// <summary>The registration revision: any change to any registration table moves it.</summary>
    protected long Revision()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT revision FROM registration_state";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The whole registration content of the database, to prove a refused command changed nothing.</summary>
    protected string Snapshot() => string.Join(
        "\n",
        RunJson("assembly", "list").StdOut,
        RunJson("step", "list").StdOut,
        RunJson("image", "list").StdOut,
        RunJson("message", "list").StdOut,
        RunJson("disallowed", "list").StdOut);
}
