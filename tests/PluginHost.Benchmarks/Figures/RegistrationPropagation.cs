using System.Diagnostics;
using Npgsql;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;
using PluginHost.Host;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// registration_propagation_ms: two real pluginhost processes on one PostgreSQL database, with their default settings;
/// the bench disables and enables a step in turn through the registration store (the call 'pluginreg step disable'
/// and 'enable' make, without pluginreg's process start-up) and times from the change's commit until both hosts'
/// /health report the new registration revision (each polled every <see cref="PollEvery"/>). The figure is the median
/// over the changes of the slower host's time.
/// </summary>
internal static class RegistrationPropagation
{
    public const string Key = "registration_propagation_ms";

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        if (context.PostgresUnavailable is { } reason)
        {
            return Figure.SkippedFor([Key], reason);
        }

        var connectionString = context.NewPostgresDatabase();
        var database = RegistrationDatabase.Open(connectionString, context.KeyFile);
        var store = new RegistrationStore(database);
        new AssemblyRegistrar(store).Register(context.NoOpPluginPath, IsolationMode.None, "benchmark no-op plug-in");
        var step = store.RegisterStep(new StepDefinition { PluginType = BenchEngine.NoOpType, Message = "Create", Entity = "account", Stage = 40 });

        var hosts = await HostProcess.StartAllAsync(context, connectionString, Enumerable.Range(1, 2).Select(number => $"bench-reg-host-{number}"));
        try
        {
            await Task.WhenAll(hosts.Select(host => WaitForRevisionAsync(host, database.ReadRevision())));

            // Changes at random moments (a fixed seed), so they fall at every point of the hosts' poll period alike.
            var random = new Random(11);
            var changes = context.Options.Quick ? 4 : 20;
            var slower = new double[changes];
            var perHost = hosts.Select(_ => new double[changes]).ToArray();
            for (var change = 0; change < changes; change++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(50, 400)));
                store.SetStepEnabled(step.Id.ToString(), enabled: change % 2 == 1);
                var committed = Stopwatch.GetTimestamp();
                var revision = database.ReadRevision();
                var times = await Task.WhenAll(hosts.Select(async host =>
                {
                    await WaitForRevisionAsync(host, revision);
                    return Stopwatch.GetElapsedTime(committed).TotalMilliseconds;
                }));
                for (var host = 0; host < hosts.Length; host++)
                {
                    perHost[host][change] = times[host];
                }

                slower[change] = times.Max();
            }

            var distribution = Distribution.Of(slower);
            return
            [
                new Figure(Key, distribution.Median, "ms", Budget.AtMost(1000))
                {
                    Details = new Dictionary<string, object?>
                    {
                        ["changes"] = changes,
                        ["max_ms"] = slower.Max(),
                        ["host_1_median_ms"] = Distribution.Of(perHost[0]).Median,
                        ["host_2_median_ms"] = Distribution.Of(perHost[1]).Median,
                        ["registration_poll_ms"] = new PluginHostOptions().RegistrationPollMilliseconds,
                        ["health_poll_ms"] = PollEvery.TotalMilliseconds,
                        ["host_processes"] = hosts.Length,
                    },
                }.WithSpread(distribution),
            ];
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task WaitForRevisionAsync(HostProcess host, long revision)
    {
        var started = Stopwatch.GetTimestamp();
        while (await host.RegistrationRevisionAsync() < revision)
        {
            if (Stopwatch.GetElapsedTime(started) > Limit)
            {
                throw new TimeoutException($"{host.Name} did not load registration revision {revision} within {Limit.TotalSeconds:0} s");
            }

            await Task.Delay(PollEvery);
        }
    }
}
