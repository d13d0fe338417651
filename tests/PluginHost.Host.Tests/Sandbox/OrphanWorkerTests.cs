using System.Diagnostics;
using System.Globalization;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// A host killed while a sandboxed plug-in spins in an endless loop leaves no worker behind: under Strict bubblewrap
/// ends it, under Basic the worker notices that its parent is gone.
/// </summary>
[TestFixture]
internal sealed class OrphanWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [TestCase("Strict")]
    [TestCase("Basic")]
    public async Task HostKilled_WorkerInEndlessLoop_EndsToo(string level)
    {
        var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["PluginHost__Sandbox__Confinement"] = level,
            ["PluginHost__Sandbox__ExecutionTimeoutSeconds"] = "600",
            ["PluginHost__Sandbox__Workers"] = "1",
        });
        try
        {
            host.RegisterAssembly("Hostile", "sandbox");
            var entity = $"orphan_{TestContext.CurrentContext.Random.GetString(6, "abcdefghijklmnopqrstuvwxyz")}";
            host.RegisterStep("--type", "TestPlugins.Hostile.EndlessLoop", "--message", "Create", "--entity", entity, "--stage", "20");
            await host.WaitForRegistrationsAsync();

            _ = host.Http.PostAsync($"/api/entities/{entity}", System.Net.Http.Json.JsonContent.Create(new { name = "never stored" }));
            var spinning = await SpinningDescendantAsync(host.Pid);
            var workers = Descendants(host.Pid);
            Assert.That(workers, Does.Contain(spinning));

            // The host alone, as an OOM killer or an admin's kill -9 would: not its process tree.
            Process.GetProcessById(host.Pid).Kill(entireProcessTree: false);

            var left = await WhileAnyAliveAsync(workers);
            Assert.That(left, Is.Empty, $"worker processes still running {Patience.TotalSeconds:0} s after the host was killed");
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    /// <summary>The descendant of <paramref name="root"/> that is using a CPU: the worker running the loop.</summary>
    private static async Task<int> SpinningDescendantAsync(int root)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Patience)
        {
            var before = Descendants(root).ToDictionary(pid => pid, CpuTicks);
            await Task.Delay(500);
            foreach (var (pid, ticks) in before)
            {
                if (CpuTicks(pid) - ticks >= 20)
                {
                    return pid;
                }
            }
        }

        throw new AssertionException($"no worker of host {root} started spinning within {Patience.TotalSeconds:0} s");
    }

    private static async Task<List<int>> WhileAnyAliveAsync(List<int> pids)
    {
        var watch = Stopwatch.StartNew();
        var alive = pids;
        while ((alive = alive.Where(IsAlive).ToList()).Count > 0 && watch.Elapsed < Patience)
        {
            await Task.Delay(200);
        }

        return alive;
    }

    /// <summary>Every process whose chain of parents leads to <paramref name="root"/>.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        return parents.Keys.Where(pid => LeadsTo(pid, root, parents)).ToList();
    }

    private static bool LeadsTo(int pid, int root, Dictionary<int, int> parents)
    {
        for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent); hops++)
        {
            if (parent == root)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    private static long CpuTicks(int pid) =>
        Stat(pid) is { } fields ? long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) : 0;

    /// <summary>The fields of /proc/pid/stat after the command name (state first), or null once the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
