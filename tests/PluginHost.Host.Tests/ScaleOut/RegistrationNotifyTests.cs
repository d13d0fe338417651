using Dapper;
using Npgsql;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.ScaleOut;

/// <summary>
/// Registration changes on PostgreSQL reach running hosts through LISTEN/NOTIFY: pluginreg's change is announced and
/// both hosts of one database reload on the notification; when the listening connection is killed, the poll still
/// brings changes, and the host listens again. Each reload's log line names what triggered it; how fast it is, is the
/// benchmark's business.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class RegistrationNotifyTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private string _folder = "";
    private string _database = "";
    private string _keyFile = "";
    private readonly List<HostProcess> _hosts = [];

    [SetUp]
    public void CreateDatabase()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-notify-").FullName;
        _database = PostgresServer.Instance.CreateDatabase();
        _keyFile = Path.Combine(_folder, "pluginhost.key");
    }

    [TearDown]
    public async Task StopHostsAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RegisterAndDisable_TwoHostsOnOneDatabase_BothReloadOnTheNotification()
    {
        // The poll at its slowest, so that it is unlikely to find a change before the notification does.
        var first = await StartHostAsync("web-1", pollMilliseconds: 1000);
        var second = await StartHostAsync("web-2", pollMilliseconds: 1000);
        await ListeningAsync(first, second);

        first.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", _keyFile);
        await NotifiedAsync(Revision(), first, second);

        var step = first.Reg("step", "register", "--type", "TestPlugins.Pipeline.TargetMutator", "--message", "Create", "--entity", "account",
            "--stage", "20", "--key-file", _keyFile).GetProperty("id").GetString()!;
        await NotifiedAsync(Revision(), first, second);

        second.Reg("step", "disable", step, "--key-file", _keyFile);
        await NotifiedAsync(Revision(), first, second);

        using (Assert.EnterMultipleScope())
        {
            foreach (var host in new[] { first, second })
            {
                Assert.That(host.Log, Does.Not.Contain(PostgresServer.Instance.Password), "the password never shows");
                Assert.That(host.Log, Does.Not.Contain(" ERROR "), "the host logged an error");
                Assert.That(host.Log, Does.Not.Contain("Lost the connection listening"));
            }
        }
    }

    [Test]
    public async Task ListenerKilled_ChangeStillArrivesByPollAndTheHostListensAgain()
    {
        var host = await StartHostAsync("web-1", pollMilliseconds: 1000);
        await ListeningAsync(host);
        host.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", _keyFile);
        var step = host.Reg("step", "register", "--type", "TestPlugins.Pipeline.TargetMutator", "--message", "Create", "--entity", "account",
            "--stage", "20", "--key-file", _keyFile).GetProperty("id").GetString()!;
        await NotifiedAsync(Revision(), host);

        Assert.That(TerminateListener("web-1"), Is.EqualTo(1), "one listening connection, named after its host");
        Assert.That(await host.LogLineAsync("Lost the connection listening for registration changes", Within), Is.Not.Null, host.Log);

        // Made in process right after the loss, well inside the listener's first pause (5 s), so that the poll (1 s) finds it.
        var store = new RegistrationStore(RegistrationDatabase.Open(_database, _keyFile));
        store.SetStepEnabled(step, enabled: false);
        var polled = Revision();
        Assert.That(await host.LogLineAsync($"Registrations loaded at revision {polled} (polled)", Within), Is.Not.Null, host.Log);

        Assert.That(await host.LogLineAsync("Listening for registration changes again", Within), Is.Not.Null, host.Log);
        store.SetStepEnabled(step, enabled: true);
        await NotifiedAsync(Revision(), host);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(host.Log.Split('\n').Count(line => line.Contains("Lost the connection listening", StringComparison.Ordinal)), Is.EqualTo(1),
                "the loss is logged once");
            Assert.That(host.Log, Does.Not.Contain(PostgresServer.Instance.Password), "the password never shows");
            Assert.That(host.Log, Does.Not.Contain(" ERROR "), "the host logged an error");
        }
    }

    private async Task<HostProcess> StartHostAsync(string name, int pollMilliseconds)
    {
        var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = _keyFile,
                ["PluginHost__PluginCacheFolder"] = Path.Combine(_folder, name + ".plugins"),
                ["PluginHost__HostName"] = name,
                ["PluginHost__RegistrationPollMilliseconds"] = pollMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PluginHost__Sandbox__Workers"] = "0",
            },
            _database,
            _folder);
        _hosts.Add(host);
        return host;
    }

    private static async Task ListeningAsync(params HostProcess[] hosts)
    {
        foreach (var host in hosts)
        {
            Assert.That(await host.LogLineAsync("Listening for registration changes (channel", Within), Is.Not.Null, host.Log);
        }
    }

    /// <summary>Waits for every host to log that it loaded <paramref name="revision"/> on a notification.</summary>
    private static async Task NotifiedAsync(long revision, params HostProcess[] hosts)
    {
        foreach (var host in hosts)
        {
            var line = await host.LogLineAsync($"Registrations loaded at revision {revision} (", Within);
            Assert.That(line, Does.Contain($"Registrations loaded at revision {revision} (notified)"), host.Log);
        }
    }

    private long Revision() => RegistrationDatabase.Open(_database, _keyFile).ReadRevision();

    /// <summary>Ends the backend of the host's listening connection as an operator would; returns how many were ended.</summary>
    private int TerminateListener(string hostName)
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        return connection.Query<bool>(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name",
                new { name = "pluginhost-listener:" + hostName })
            .Count(ended => ended);
    }
}
