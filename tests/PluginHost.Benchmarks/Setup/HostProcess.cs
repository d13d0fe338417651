using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// A real pluginhost process (the host's build output) on a free loopback port, on a shared PostgreSQL database with
/// the run's key file and a plug-in cache folder of its own: what an admin runs on each machine behind a load
/// balancer. The minimal part of tests/PluginHost.Host.Tests/HostProcess.cs the scale-out figures need.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLogLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private HostProcess(string name, int port, Process process)
    {
        Name = name;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The host's name (PluginHost:HostName).</summary>
    public string Name { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Starts a host named <paramref name="name"/> on <paramref name="connectionString"/> with the sandbox's warm workers
    /// off (the figures' plug-ins are trusted, in-process) and otherwise the defaults; returns once /health answers.
    /// </summary>
    public static async Task<HostProcess> StartAsync(BenchContext context, string connectionString, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(context.Folder, name)).FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[] { context.HostDll, "--db", connectionString, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PLUGINHOST_DB");
        start.Environment["PluginHost__HostName"] = name;
        start.Environment["PluginHost__KeyFile"] = context.KeyFile;
        start.Environment["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins");
        start.Environment["PluginHost__Sandbox__Workers"] = "0";

        var host = new HostProcess(name, port, Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet"));
        try
        {
            await host.WaitHealthyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one host per name at once; if one fails to start, stops those that did.</summary>
    public static async Task<HostProcess[]> StartAllAsync(BenchContext context, string connectionString, IEnumerable<string> names)
    {
        var starting = names.Select(name => StartAsync(context, connectionString, name)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(task => task.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The registration revision this host has loaded, as its /health reports it.</summary>
    public async Task<long> RegistrationRevisionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("registrationRevision").GetInt64();
    }

    /// <summary>How many times this host ran steps of <paramref name="pluginType"/>, as its /api/admin/stats reports it.</summary>
    public async Task<long> ExecutionsAsync(string pluginType)
    {
        using var response = await Http.GetAsync(new Uri("/api/admin/stats", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/admin/stats of {Name} answered {(int)response.StatusCode}: {text}");
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("plugins").EnumerateArray()
            .Where(plugin => plugin.GetProperty("pluginType").GetString() == pluginType)
            .Sum(plugin => plugin.GetProperty("executions").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }

    private string Log()
    {
        lock (_log)
        {
            return string.Join(Environment.NewLine, _log);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        // The host logs every request at Information: keep the end of it, for the message of a host that fails.
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > KeptLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"pluginhost {Name} exited with {_process.ExitCode}:{Environment.NewLine}{Log()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
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

        throw new TimeoutException($"pluginhost {Name} did not answer /health within 120 s:{Environment.NewLine}{Log()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
