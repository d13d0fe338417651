using System.Diagnostics;
using System.Net;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The sandbox works when the host itself runs as an unprivileged user (SPEC §6: "as root and as an unprivileged
/// user"): the other fixtures run the host as whoever runs the tests (root on CI); this one runs a copy of the host
/// as nobody, with Strict confinement, on a database that user owns.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class UnprivilegedHostTests
{
    private const int Nobody = 65534;

    private HostProcess _host = null!;
    private string _folder = "";
    private string _hostUser = "";

    [OneTimeSetUp]
    public async Task StartHostAsNobodyAsync()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-nobody-").FullName;
        var copy = Path.Combine(_folder, "host");
        CopyFolder(Path.GetDirectoryName(Paths.HostDll)!, copy);
        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot)
        {
            Run("chown", "-R", $"{Nobody}:{Nobody}", _folder);
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }

        // Not root already means unprivileged: run the copy as is.
        _hostUser = asRoot ? Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture) : Output("id", "-u");
        _host = await HostProcess.StartAsync(
            new Dictionary<string, string> { ["PluginHost__Sandbox__Confinement"] = "Strict", ["PluginHost__Sandbox__Workers"] = "1" },
            folder: _folder,
            hostDll: Path.Combine(copy, Path.GetFileName(Paths.HostDll)),
            userId: asRoot ? Nobody : null);
        _host.RegisterAssembly("Pipeline", "sandbox");
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        var log = _host.Log;
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        Assert.That(log, Does.Not.Contain(" ERROR "), "the host logged an error");
    }

    [Test]
    public async Task Create_HostRunsUnprivileged_SandboxedStepRunsUnderStrict()
    {
        var entity = $"unpriv_{TestContext.CurrentContext.Random.GetString(6, "abcdefghijklmnopqrstuvwxyz")}";
        _host.RegisterStep("--type", "TestPlugins.Pipeline.ContextReporter", "--message", "Create", "--entity", entity, "--stage", "20");
        await _host.WaitForRegistrationsAsync();

        using var response = await _host.Http.PostAsync($"/api/entities/{entity}", System.Net.Http.Json.JsonContent.Create(new { name = "x" }));
        var body = await response.Content.ReadAsStringAsync();
        var traces = response.StatusCode == HttpStatusCode.Created ? await _host.TracesAsync(response.Headers.GetValues("X-Correlation-Id").Single()) : [];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body + _host.Log);
            Assert.That(_host.Log, Does.Contain("Sandbox confinement: Strict "));
            Assert.That(_host.Log, Does.Not.Contain("workers run as root"));
            Assert.That(traces.Select(row => row.GetProperty("traceText").GetString() ?? ""), Has.Some.Contains("IsolationMode=2"));
            Assert.That(Output("stat", "-c", "%u", _host.Database), Is.EqualTo(_hostUser), "the host created its database as the unprivileged user");
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }

    private static string Output(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}");
    }
}
