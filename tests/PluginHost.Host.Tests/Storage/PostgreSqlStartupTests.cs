using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Storage;

/// <summary>A host that cannot log in to its PostgreSQL server stops at start-up with one <c>error:</c> line naming the database.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PostgreSqlStartupTests
{
    [Test]
    public async Task Start_WrongPassword_ExitsOneWithOneErrorLineThatNamesTheDatabaseAndHidesThePassword()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        try
        {
            var name = PostgresServer.NewDatabaseName();
            var database = PostgresServer.Instance.ConnectionString(name, password: "wr0ng-pass-word");
            var (exitCode, _, stderr) = await StartupFaultTests.RunHostToExitAsync(database, folder, settings: new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = Path.Combine(folder, "pluginhost.key"),
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
            });

            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(exitCode, Is.EqualTo(1), stderr);
                Assert.That(lines, Has.Length.EqualTo(1), stderr);
                Assert.That(lines, Has.All.StartsWith("error: ").And.All.Contain(name).And.All.Contain("***").And.All.Contain("password authentication failed"), stderr);
                Assert.That(stderr, Does.Not.Contain("wr0ng-pass-word"));
                Assert.That(stderr, Does.Not.Contain("   at "), "a stack trace");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
