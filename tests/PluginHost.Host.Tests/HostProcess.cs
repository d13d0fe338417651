using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests;

/// <summary>
/// A real pluginhost process on a free loopback port with its own database (a SQLite file, or a database of its own on
/// the test run's PostgreSQL server), and pluginreg against the same database with the same key file: the way an admin
/// runs them.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    /// <summary>The setting that names the host's key file; pluginreg is given the same file.</summary>
    private const string KeyFileSetting = "PluginHost__KeyFile";

    private HostProcess(string folder, string database, string? keyFile, int port, Process process)
    {
        Folder = folder;
        Database = database;
        KeyFile = keyFile;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Folder { get; }

    /// <summary>The SQLite file's path, or the PostgreSQL connection string.</summary>
    public string Database { get; }

    /// <summary>Which engine <see cref="Database"/> is on.</summary>
    public DatabaseBackend Backend => DatabaseLocation.Parse(Database).Backend;

    /// <summary>
    /// The key file the host was given (<c>PluginHost__KeyFile</c>), which pluginreg uses too; null when none was: on SQLite
    /// both then default to the database path + <c>.key</c>.
    /// </summary>
    public string? KeyFile { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>
    /// Starts a host on a new database on <paramref name="backend"/> with extra configuration. On PostgreSQL: a fresh
    /// database on the test run's server, a key file and a plug-in cache folder in the host's folder (the host requires
    /// both there); <paramref name="settings"/> may override them.
    /// </summary>
    public static Task<HostProcess> StartAsync(DatabaseBackend backend, IDictionary<string, string>? settings = null)
    {
        if (backend == DatabaseBackend.Sqlite)
        {
            return StartAsync(settings);
        }

        var folder = Directory.CreateTempSubdirectory("pluginhost-host-").FullName;
        var all = new Dictionary<string, string>
        {
            [KeyFileSetting] = Path.Combine(folder, "pluginhost.key"),
            ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return StartAsync(all, PostgresServer.Instance.CreateDatabase(), folder);
    }

    /// <summary>Starts a host on a new database (or <paramref name="database"/>) with extra configuration.</summary>
    /// <remarks>
    /// With <paramref name="hostDll"/> and <paramref name="userId"/>, runs that copy of the host as that user through
    /// setpriv (the caller gives the user the folder and the copy).
    /// </remarks>
    public static async Task<HostProcess> StartAsync(
        IDictionary<string, string>? settings = null, string? database = null, string? folder = null, string? hostDll = null, int? userId = null)
    {
        folder ??= Directory.CreateTempSubdirectory("pluginhost-host-").FullName;
        database ??= Path.Combine(folder, "pluginhost.db");
        var port = FreePort();
        var start = new ProcessStartInfo(userId is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var prefix = userId is { } uid ? [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "dotnet"] : Array.Empty<string>();
        foreach (var argument in prefix.Concat([hostDll ?? Paths.HostDll, "--db", database, "--urls", $"http://127.0.0.1:{port}"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PluginHost__TraceLog"] = "All";
        start.Environment["PluginHost__RegistrationPollMilliseconds"] = "100";
        start.Environment.Remove("PLUGINHOST_DB");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var keyFile = settings is not null && settings.TryGetValue(KeyFileSetting, out var given) ? given : null;
        var host = new HostProcess(folder, database, keyFile, port, Process.Start(start)!);
        await host.WaitHealthyAsync();
        return host;
    }

    /// <summary>Runs pluginreg against this host's database; fails the test on a non-zero exit.</summary>
    public JsonElement Reg(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = RegRaw([.. arguments, "--json"]);
        Assert.That(exitCode, Is.Zero, $"pluginreg {string.Join(' ', arguments)}\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public (int ExitCode, string StdOut, string StdErr) RegRaw(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove(DatabaseLocation.Variable);
        if (KeyFile is not null)
        {
            // An explicit --key-file in the arguments still wins over the variable.
            start.Environment[Registration.Secrets.SecretKeyFile.PathVariable] = KeyFile;
        }

        foreach (var argument in new[] { Paths.PluginRegDll, "--db", Database }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Registers a test plug-in assembly (trusted unless told otherwise); returns its id.</summary>
    public string RegisterAssembly(string project, string isolation = "none") =>
        Reg("assembly", "register", Paths.TestPlugin(project), "--isolation", isolation).GetProperty("id").GetString()!;

    public string RegisterStep(params string[] arguments) => Reg(["step", "register", .. arguments]).GetProperty("id").GetString()!;

    /// <summary>Opens the host's database in the test process, with the host's key file, on either backend.</summary>
    public RegistrationDatabase OpenDatabase() => RegistrationDatabase.Open(Database, KeyFile);

    /// <summary>Waits until the host has loaded the registration revision now in the database.</summary>
    public async Task WaitForRegistrationsAsync()
    {
        var revision = OpenDatabase().ReadRevision();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (_, health) = await SendAsync(HttpMethod.Get, "/health");
            if (health.GetProperty("registrationRevision").GetInt64() >= revision)
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the host did not pick up registration revision {revision}");
            await Task.Delay(20);
        }
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<Guid> CreateAsync(string entity, object attributes)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", attributes);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// The first line of the host's output that <paramref name="match"/> accepts, waiting up to <paramref name="within"/> (10 s by default) for it (stdout
    /// arrives through a pipe, possibly after the HTTP answer); null when none comes.
    /// </summary>
    public async Task<string?> LogLineAsync(Func<string, bool> match, TimeSpan? within = null)
    {
        string? line = null;
        await Eventually.TrueAsync(() => (line = Log.Split('\n').FirstOrDefault(match)) is not null, within ?? TimeSpan.FromSeconds(10));
        return line;
    }

    /// <summary>The first line of the host's output that contains <paramref name="fragment"/>; see <see cref="LogLineAsync(Func{string, bool}, TimeSpan?)"/>.</summary>
    public Task<string?> LogLineAsync(string fragment, TimeSpan? within = null) => LogLineAsync(line => line.Contains(fragment, StringComparison.Ordinal), within);

    /// <summary>Trace rows of one request, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> TracesAsync(string correlationId)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/api/admin/traces?correlationId={correlationId}&top=1000");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
        return body.EnumerateArray().Reverse().ToList();
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }

    /// <summary>Deletes the folder (after <see cref="DisposeAsync"/>).</summary>
    public void DeleteFolder()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still be releasing a file; the temp folder is cleaned by the OS eventually.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"pluginhost exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"pluginhost did not answer /health within 60 s:\n{Log}");
    }
}
