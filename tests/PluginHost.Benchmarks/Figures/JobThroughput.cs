using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;
using PluginHost.Host;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// one_host_jobs_per_s and two_hosts_jobs_per_s: how fast real pluginhost processes on one PostgreSQL database drain
/// a queue of 2,000 async no-op jobs (TestPlugins.NoOp, trusted, PostOperation async), with the host's default job
/// settings. Each count gets a fresh database: the product's engine (job runner off) queues the jobs through real
/// Creates, the bench holds them back (due in the year 9999), starts the hosts and lets a few warm-up jobs per host
/// run; then it makes the rest due at once and times from the first claim it sees until the last job's Succeeded
/// (the latest modified_on the hosts wrote).
/// </summary>
internal static class JobThroughput
{
    public const string OneHostKey = "one_host_jobs_per_s";
    public const string TwoHostsKey = "two_hosts_jobs_per_s";

    private const string Entity = "benchjob";
    private const int WarmupJobsPerHost = 20;
    private const string HeldBack = "9999-12-31T23:59:59.9999999Z";

    /// <summary>How often the bench reads the job counts while the hosts drain.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        if (context.PostgresUnavailable is { } reason)
        {
            return Figure.SkippedFor([OneHostKey, TwoHostsKey], reason);
        }

        var jobs = context.Options.Quick ? 200 : 2000;
        var one = await DrainAsync(context, hosts: 1, jobs);
        var two = await DrainAsync(context, hosts: 2, jobs);
        return [one.ToFigure(OneHostKey), two.ToFigure(TwoHostsKey) with { Details = new Dictionary<string, object?>(two.Details()) { ["vs_one_host"] = two.JobsPerSecond / one.JobsPerSecond } }];
    }

    private static async Task<Drain> DrainAsync(BenchContext context, int hosts, int jobs)
    {
        var connectionString = context.NewPostgresDatabase();
        var warmup = WarmupJobsPerHost * hosts;
        var queueing = await QueueAsync(context, connectionString, jobs + warmup, hosts);
        await using var database = new NpgsqlConnection(connectionString);
        await database.OpenAsync();
        await database.ExecuteAsync("UPDATE async_jobs SET next_attempt_on = @heldBack", new { heldBack = HeldBack });

        context.Progress($"{jobs + warmup} jobs queued in {queueing.TotalSeconds:0.0}s; starting {hosts} host(s)");
        var processes = await HostProcess.StartAllAsync(context, connectionString, Enumerable.Range(1, hosts).Select(number => $"bench-host-{number}"));
        try
        {
            await ReleaseAsync(database, warmup);
            await WaitUntilSettledAsync(database, jobs + warmup, expectedWaiting: jobs);

            var released = Stopwatch.GetTimestamp();
            var releasedOn = DateTime.UtcNow;
            await ReleaseAsync(database, jobs);
            TimeSpan? firstClaim = null;
            DateTime firstClaimOn = default;
            while (true)
            {
                var counts = await CountsAsync(database);
                if (firstClaim is null && counts.Waiting < jobs)
                {
                    firstClaim = Stopwatch.GetElapsedTime(released);
                    firstClaimOn = releasedOn + firstClaim.Value;
                }

                if (counts.Failed > 0)
                {
                    var error = await database.ExecuteScalarAsync<string>("SELECT last_error FROM async_jobs WHERE status IN ('Failed', 'Canceled') LIMIT 1");
                    throw new InvalidOperationException($"{counts.Failed} async job(s) failed or were canceled: {error}");
                }

                if (counts.Succeeded == jobs + warmup)
                {
                    break;
                }

                if (Stopwatch.GetElapsedTime(released) > DrainLimit)
                {
                    throw new TimeoutException($"{hosts} host(s) drained {counts.Succeeded - warmup} of {jobs} jobs in {DrainLimit.TotalMinutes:0} minutes");
                }

                await Task.Delay(PollEvery);
            }

            // The hosts' own clock (same machine) says when the last job was settled; the poll only noticed it later.
            var lastSettled = DateTime.Parse(
                await database.ExecuteScalarAsync<string>("SELECT max(modified_on) FROM async_jobs") ?? throw new InvalidOperationException("no jobs"),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var draining = lastSettled - firstClaimOn;
            var byHost = new Dictionary<string, object?>();
            foreach (var process in processes)
            {
                byHost[process.Name] = await process.ExecutionsAsync(BenchEngine.NoOpType);
            }

            var retried = await database.ExecuteScalarAsync<long>("SELECT count(*) FROM async_jobs WHERE attempts > 1");
            return new Drain(hosts, jobs, draining, firstClaim!.Value, queueing, byHost, retried);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>Queues <paramref name="count"/> jobs through Creates of the product's engine, its job runner off.</summary>
    private static async Task<TimeSpan> QueueAsync(BenchContext context, string connectionString, int count, int hosts)
    {
        await using var bench = context.NewPostgresEngine(connectionString, $"jobs-{hosts}-queue");
        bench.RegisterNoOp(context.NoOpPluginPath);
        bench.RegisterAsyncNoOpStep("Create", Entity);
        await bench.StartAsync(runJobs: false);
        var started = Stopwatch.GetTimestamp();
        for (var index = 0; index < count; index++)
        {
            bench.Create(Entity);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Makes the oldest <paramref name="count"/> held-back jobs due now.</summary>
    private static Task<int> ReleaseAsync(NpgsqlConnection database, int count) => database.ExecuteAsync(
        """
        UPDATE async_jobs SET next_attempt_on = @now
        WHERE id IN (SELECT id FROM async_jobs WHERE status = 'Waiting' AND next_attempt_on = @heldBack ORDER BY created_on LIMIT @count)
        """,
        new { now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), heldBack = HeldBack, count });

    private static async Task WaitUntilSettledAsync(NpgsqlConnection database, int total, int expectedWaiting)
    {
        var started = Stopwatch.GetTimestamp();
        while (await CountsAsync(database) is var counts && counts.Succeeded + counts.Failed + expectedWaiting != total)
        {
            if (Stopwatch.GetElapsedTime(started) > DrainLimit)
            {
                throw new TimeoutException($"the warm-up jobs did not finish in {DrainLimit.TotalMinutes:0} minutes ({counts})");
            }

            await Task.Delay(PollEvery * 4);
        }
    }

    private static async Task<Counts> CountsAsync(NpgsqlConnection database) => await database.QuerySingleAsync<Counts>(
        """
        SELECT count(*) FILTER (WHERE status = 'Waiting') AS "Waiting", count(*) FILTER (WHERE status = 'Succeeded') AS "Succeeded",
               count(*) FILTER (WHERE status IN ('Failed', 'Canceled')) AS "Failed"
        FROM async_jobs
        """);

    private sealed record Counts(long Waiting, long Succeeded, long Failed);

    private sealed record Drain(int Hosts, int Jobs, TimeSpan Draining, TimeSpan FirstClaim, TimeSpan Queueing, Dictionary<string, object?> JobsByHost, long Retried)
    {
        public double JobsPerSecond => Jobs / Draining.TotalSeconds;

        public Dictionary<string, object?> Details() => new()
        {
            ["hosts"] = Hosts,
            ["jobs"] = Jobs,
            ["draining_s"] = Draining.TotalSeconds,
            ["release_to_first_claim_ms"] = FirstClaim.TotalMilliseconds,
            ["queueing_s"] = Queueing.TotalSeconds,
            ["warmup_jobs_per_host"] = WarmupJobsPerHost,
            ["jobs_concurrency_per_host"] = new JobOptions().Concurrency,
            ["executions_by_host_warmup_included"] = JobsByHost,
            ["jobs_with_more_than_one_attempt"] = Retried,
            ["host_processes"] = true,
        };

        public Figure ToFigure(string key) => new(key, JobsPerSecond, "jobs/s", Budget.None) { Details = Details() };
    }
}
