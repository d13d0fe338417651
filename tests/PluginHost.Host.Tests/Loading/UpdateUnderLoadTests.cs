using System.Collections.Concurrent;
using System.Net;

namespace PluginHost.Host.Tests.Loading;

/// <summary>
/// <c>assembly update</c> while requests keep coming: each request runs on the old content or the new, and none fails
/// because of the update, whatever the isolation.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class UpdateUnderLoadTests(string isolation)
{
    private const int Clients = 6;
    private const int Updates = 6;

    [Test]
    public async Task AssemblyUpdate_RepeatedUnderSteadyLoad_NoRequestFails()
    {
        var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["PluginHost__TraceLog"] = "Exception" });
        try
        {
            var entity = $"load_{isolation}";
            host.RegisterAssembly("Versioned.V1", isolation);
            host.RegisterStep("--type", "TestPlugins.Versioned.Kept", "--message", "Create", "--entity", entity, "--stage", "20");
            host.RegisterStep("--type", "TestPlugins.Versioned.Kept", "--message", "Create", "--entity", entity, "--stage", "40", "--rank", "2");
            await host.WaitForRegistrationsAsync();

            var failures = new ConcurrentQueue<string>();
            long completed = 0;
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (status, body) = await host.SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { client });
                    if (status != HttpStatusCode.Created)
                    {
                        failures.Enqueue($"{(int)status} {body}");
                    }

                    Interlocked.Increment(ref completed);
                }
            })).ToList();

            for (var update = 0; update < Updates; update++)
            {
                await LoadReachesAsync(() => Interlocked.Read(ref completed) >= (update + 1) * 40);
                host.Reg("assembly", "update", "TestPlugins.Versioned", Paths.TestPlugin(update % 2 == 0 ? "Versioned.V2" : "Versioned.V1"));
                await host.WaitForRegistrationsAsync();
            }

            var afterLast = Interlocked.Read(ref completed);
            await LoadReachesAsync(() => Interlocked.Read(ref completed) >= afterLast + 40);
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(failures, Is.Empty, $"{failures.Count} of {completed} requests failed:\n{string.Join('\n', failures.Take(10))}");
                Assert.That(host.HasExited, Is.False);
                Assert.That(host.Log, Does.Not.Contain(" ERROR "));
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    private static async Task LoadReachesAsync(Func<bool> condition) =>
        Assert.That(await Eventually.TrueAsync(condition, TimeSpan.FromSeconds(60)), Is.True, "the load stalled");
}
