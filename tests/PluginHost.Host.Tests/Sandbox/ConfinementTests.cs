using System.Net;
using System.Net.Sockets;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// With the disallowed list emptied by an admin, the escape attempts of TestPlugins.Escape register as sandbox and
/// only the worker's confinement stands between them and the machine (SPEC §6). A Strict host and a Basic host, each on
/// its own database (one host per SQLite file), each with its list emptied. Each plug-in traces "blocked: &lt;exception&gt;" when its attempt fails and
/// refuses the operation with "escaped: ..." when it succeeds.
/// </summary>
[TestFixture]
internal sealed class ConfinementTests
{
    private const string Strict = "Strict";
    private const string Basic = "Basic";

    private readonly Dictionary<string, HostProcess> _hosts = [];
    private int _entityCounter;

    [OneTimeSetUp]
    public async Task StartHostsAsync()
    {
        foreach (var level in new[] { Strict, Basic })
        {
            var host = await HostProcess.StartAsync(Settings(level));
            _hosts[level] = host;
            foreach (var pattern in host.Reg("disallowed", "list").EnumerateArray().Select(entry => entry.GetProperty("pattern").GetString()!).ToList())
            {
                host.Reg("disallowed", "remove", pattern);
            }

            Assert.That(host.Reg("disallowed", "list").GetArrayLength(), Is.Zero, "the admin emptied the disallowed list");
            host.RegisterAssembly("Escape", "sandbox");
        }
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        var logs = new Dictionary<string, string>();
        foreach (var (level, host) in _hosts)
        {
            logs[level] = host.Log;
            await host.DisposeAsync();
            host.DeleteFolder();
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (level, log) in logs)
            {
                Assert.That(log, Does.Not.Contain(" ERROR "), $"the {level} host logged an error");
            }
        }
    }

    [TestCase(Strict)]
    [TestCase(Basic)]
    public void Host_ConfinementSetting_IsTheLevelInForce(string level) =>
        Assert.That(_hosts[level].Log, Does.Contain($"Sandbox confinement: {level} "));

    /// <summary>The Basic file cases below rely on Landlock, which this suite's machines have (Linux 6.x).</summary>
    [TestCase(Strict)]
    [TestCase(Basic)]
    public void Host_KernelWithLandlock_WorkersRestrictTheirFiles(string level) =>
        Assert.That(_hosts[level].Log, Does.Match($@"Sandbox confinement: {level} \([^)]*landlock v\d+"));

    [TestCase("ReadHostFile", Strict, @"^blocked: System\.(IO\.\w+|UnauthorizedAccess)Exception: ")]
    [TestCase("ReadHostFile", Basic, @"^blocked: System\.UnauthorizedAccessException: ")]
    [TestCase("ListRootDirectory", Strict, @"^blocked: System\.(IO\.\w+|UnauthorizedAccess)Exception: ")]
    [TestCase("StartShell", Strict, @"^blocked: System\.ComponentModel\.Win32Exception: ")]
    [TestCase("StartShell", Basic, @"^blocked: System\.ComponentModel\.Win32Exception: ")]
    [TestCase("StartOwnExecutable", Strict, @"^blocked: System\.ComponentModel\.Win32Exception: ")]
    [TestCase("StartOwnExecutable", Basic, @"^blocked: System\.ComponentModel\.Win32Exception: ")]
    [TestCase("AllocateNativeMemory", Strict, @"^blocked: System\.OutOfMemoryException: ")]
    [TestCase("AllocateNativeMemory", Basic, @"^blocked: System\.OutOfMemoryException: ")]
    public async Task Execute_EscapeAttemptWithEmptyDisallowedList_BlockedByConfinement(string plugin, string level, string expectedTrace)
    {
        var host = _hosts[level];
        var entity = NewEntity();
        Step(host, plugin, entity);
        await host.WaitForRegistrationsAsync();

        var (status, trace) = await CreateAsync(host, entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), trace);
            Assert.That(trace, Does.Match(expectedTrace));
        }
    }

    [TestCase(Strict)]
    [TestCase(Basic)]
    public async Task Execute_LoopbackConnectWithEmptyDisallowedList_BlockedAndListenerNeverAccepts(string level)
    {
        var host = _hosts[level];
        var entity = NewEntity();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Step(host, "ConnectLoopback", entity, "--config", ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await host.WaitForRegistrationsAsync();

        var (status, trace) = await CreateAsync(host, entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), trace);
            Assert.That(trace, Does.Match(@"^blocked: System\.Net\.Sockets\.SocketException: "));
            Assert.That(listener.Pending(), Is.False, "no connection reached the listener");
        }
    }

    private static Dictionary<string, string> Settings(string level) => new()
    {
        ["PluginHost__Sandbox__Confinement"] = level,
        ["PluginHost__Sandbox__Workers"] = "1",
    };

    private string NewEntity() => $"escape{Interlocked.Increment(ref _entityCounter)}_{TestContext.CurrentContext.Random.GetString(4, "abcdefghijklmnopqrstuvwxyz")}";

    private static void Step(HostProcess host, string type, string entity, params string[] more) =>
        host.RegisterStep(["--type", $"TestPlugins.Escape.{type}", "--message", "Create", "--entity", entity, "--stage", "20", .. more]);

    /// <summary>Creates a record; returns the status and, for the caller to read, the step's trace text or the error.</summary>
    private static async Task<(HttpStatusCode Status, string Report)> CreateAsync(HostProcess host, string entity)
    {
        using var response = await host.Http.PostAsync($"/api/entities/{entity}", System.Net.Http.Json.JsonContent.Create(new { name = "x" }));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return (response.StatusCode, body);
        }

        var rows = await host.TracesAsync(response.Headers.GetValues("X-Correlation-Id").Single());
        return (response.StatusCode, rows.Single().GetProperty("traceText").GetString() ?? "(no trace)");
    }
}
