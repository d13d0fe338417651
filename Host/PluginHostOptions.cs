using PluginHost.Host.Diagnostics;

namespace PluginHost.Host;

/// <summary>The <c>PluginHost</c> configuration section (appsettings.json, <c>PluginHost__*</c> environment, command line).</summary>
public sealed class PluginHostOptions
{
    public const string Section = "PluginHost";

    /// <summary>The database file; same as <c>--db</c>. Default: <c>PLUGINHOST_DB</c>, else ./pluginhost.db.</summary>
    public string? Database { get; set; }

    /// <summary>Which step executions are written to the trace log.</summary>
    public TraceLogSetting TraceLog { get; set; } = TraceLogSetting.Exception;

    /// <summary>The deepest chain of nested organization-service calls before InfiniteLoop.</summary>
    public int MaxDepth { get; set; } = 8;

    /// <summary>How often running hosts look for registration changes.</summary>
    public int RegistrationPollMilliseconds { get; set; } = 250;

    /// <summary>Sandbox worker settings.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>Async job runner settings.</summary>
    public JobOptions Jobs { get; set; } = new();

    /// <summary>
    /// Reads the section from <paramref name="configuration"/> and returns what is wrong with it, one line per
    /// setting, naming the setting and the value; empty when the host can start with it. A value that is not even
    /// of the setting's type (a word for a number) is reported as the configuration binder words it.
    /// </summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        PluginHostOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<PluginHostOptions>() ?? new PluginHostOptions();
        }
        catch (InvalidOperationException exception)
        {
            return [exception.Message];
        }

        return options.Problems();
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool valid, string setting, object value, string rule)
        {
            if (!valid)
            {
                problems.Add($"{Section}:{setting} must be {rule}, not {value}");
            }
        }

        Check(Enum.IsDefined(TraceLog), "TraceLog", TraceLog, "Off, Exception or All");
        Check(MaxDepth is >= 1 and <= 1000, "MaxDepth", MaxDepth, "from 1 to 1000");
        Check(RegistrationPollMilliseconds is >= 10 and <= 1000, "RegistrationPollMilliseconds", RegistrationPollMilliseconds, "from 10 to 1000");
        Check(Sandbox.ExecutionTimeoutSeconds is >= 1 and <= 86_400, "Sandbox:ExecutionTimeoutSeconds", Sandbox.ExecutionTimeoutSeconds, "from 1 to 86400");
        // 32 MB: a worker was seen to start and run a step with it (not tried lower); 0 would mean no heap limit at all.
        Check(Sandbox.MemoryLimitMb is >= 32 and <= 1_048_576, "Sandbox:MemoryLimitMb", Sandbox.MemoryLimitMb, "from 32 to 1048576");
        Check(Sandbox.Workers is >= 0 and <= 1024, "Sandbox:Workers", Sandbox.Workers, "from 0 to 1024");
        Check(Sandbox.MaxWorkers is >= 1 and <= 1024, "Sandbox:MaxWorkers", Sandbox.MaxWorkers, "from 1 to 1024");
        Check(Sandbox.MaxExecutionsPerWorker >= 1, "Sandbox:MaxExecutionsPerWorker", Sandbox.MaxExecutionsPerWorker, "at least 1");
        Check(Sandbox.MaxFrameMegabytes is >= 1 and <= 1024, "Sandbox:MaxFrameMegabytes", Sandbox.MaxFrameMegabytes, "from 1 to 1024");
        Check(Jobs.Concurrency is >= 1 and <= 1024, "Jobs:Concurrency", Jobs.Concurrency, "from 1 to 1024");
        Check(Jobs.MaxAttempts is >= 1 and <= 100, "Jobs:MaxAttempts", Jobs.MaxAttempts, "from 1 to 100");
        Check(Jobs.RetryBaseMilliseconds is >= 0 and <= 3_600_000, "Jobs:RetryBaseMilliseconds", Jobs.RetryBaseMilliseconds, "from 0 to 3600000");
        return problems;
    }
}

/// <summary>The <c>PluginHost:Sandbox</c> section.</summary>
public sealed class SandboxOptions
{
    /// <summary>Longest a sandboxed step may run before its worker is killed (Timeout).</summary>
    public int ExecutionTimeoutSeconds { get; set; } = 120;

    /// <summary>Managed heap limit of a worker (DOTNET_GCHeapHardLimit).</summary>
    public int MemoryLimitMb { get; set; } = 512;

    /// <summary>Warm workers kept in the pool.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Auto (Strict when bwrap exists), Strict (bubblewrap + seccomp) or Basic (seccomp and limits).</summary>
    public string Confinement { get; set; } = "Auto";

    /// <summary>Most workers busy at once for top-level requests (nested calls may add more, to avoid deadlock).</summary>
    public int MaxWorkers { get; set; } = 16;

    /// <summary>
    /// Executions after which a worker is replaced by a fresh one. A replacement costs a process start, the assembly
    /// load and the JIT warm-up again (about 150 ms of CPU): at 5,000 that was as much CPU per step as the round trip.
    /// </summary>
    public int MaxExecutionsPerWorker { get; set; } = 100_000;

    /// <summary>Largest frame between host and worker (a context with its images, an assembly).</summary>
    public int MaxFrameMegabytes { get; set; } = 64;

    /// <summary>The folder holding sandboxrunner.dll; default: the <c>sandbox</c> folder beside pluginhost.dll.</summary>
    public string? RunnerPath { get; set; }
}

/// <summary>The <c>PluginHost:Jobs</c> section.</summary>
public sealed class JobOptions
{
    /// <summary>Async jobs run at once.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Attempts before a retried job fails.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the second attempt; doubled for each further one.</summary>
    public int RetryBaseMilliseconds { get; set; } = 1000;
}
