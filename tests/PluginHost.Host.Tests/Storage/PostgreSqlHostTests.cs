using System.Net;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// One host process on a fresh PostgreSQL database, end to end: it migrates the database, serves /health, loads a
/// trusted plug-in step registered by pluginreg, runs it on a Create over HTTP and stores the record it changed.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PostgreSqlHostTests
{
    [Test]
    public async Task Create_TrustedStepOnPostgreSql_StepRunsAndTheRecordReadsBack()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-pg-").FullName;
        var database = PostgresServer.Instance.CreateDatabase();
        var keyFile = Path.Combine(folder, "pluginhost.key");
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = keyFile,
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
                ["PluginHost__Sandbox__Workers"] = "0",
            },
            database,
            folder);
        try
        {
            host.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", keyFile);
            host.Reg("step", "register", "--type", "TestPlugins.Pipeline.TargetMutator", "--message", "Create", "--entity", "account",
                "--stage", "20", "--config", "stage20=yes", "--key-file", keyFile);
            var revision = RegistrationDatabase.Open(database, keyFile).ReadRevision();
            var loaded = await Eventually.TrueAsync(
                async () => (await host.SendAsync(HttpMethod.Get, "/health")).Body.GetProperty("registrationRevision").GetInt64() >= revision,
                TimeSpan.FromSeconds(30));
            Assert.That(loaded, Is.True, host.Log);

            using var response = await host.Http.PostAsync("/api/entities/account", System.Net.Http.Json.JsonContent.Create(new { name = "Contoso" }));
            var created = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), created.ToString);
            var correlation = response.Headers.GetValues("X-Correlation-Id").Single();
            var id = created.GetProperty("id").GetGuid();
            var (status, record) = await host.SendAsync(HttpMethod.Get, $"/api/entities/account/{id}");
            var traces = await host.TracesAsync(correlation);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), record.ToString);
                Assert.That(record.GetProperty("name").GetString(), Is.EqualTo("Contoso"));
                Assert.That(record.GetProperty("stage20").GetString(), Is.EqualTo("yes"), "the PreOperation step changed the Target");
                Assert.That(traces.Select(row => row.GetProperty("pluginType").GetString()), Is.EqualTo(new[] { "TestPlugins.Pipeline.TargetMutator" }));
                Assert.That(host.Log, Does.Not.Contain(PostgresServer.Instance.Password), "the password never shows");
                Assert.That(host.Log, Does.Not.Contain(" ERROR "), "the host logged an error");
            }
        }
        finally
        {
            await host.DisposeAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
