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

    /// <summary>Trace-log rows older than this many days are deleted; 0 keeps them whatever their age.</summary>
    public int TraceRetentionDays { get; set; } = 30;

    /// <summary>Most trace-log rows kept; the oldest beyond it are deleted. 0: no cap.</summary>
    public int TraceMaxRows { get; set; } = 100_000;

    /// <summary>
    /// The 32-byte key that encrypts secure configurations and service-endpoint auth headers in the database. Default:
    /// <c>PLUGINHOST_KEY_FILE</c>, else the database path with <c>.key</c> appended. pluginreg must use the same file.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// The folder of the content-addressed plug-in cache the host loads trusted plug-ins from (SHA-256-named read-only
    /// files, rebuilt from the database when the host starts). Default: the database path with <c>.plugins</c> appended.
    /// </summary>
    public string? PluginCacheFolder { get; set; }

    /// <summary>The deepest chain of nested organization-service calls before InfiniteLoop.</summary>
    public int MaxDepth { get; set; } = 8;

    /// <summary>
    /// This host's name among the hosts of one database: the per-host view of <c>/api/admin/stats</c> and the owner of
    /// the async jobs it runs. Default: the machine name and the process id (<c>web-1:4711</c>). At most 200 characters.
    /// </summary>
    public string? HostName { get; set; }

    /// <summary>
    /// How often running hosts look for registration changes. On PostgreSQL a host also listens for them
    /// (LISTEN/NOTIFY) and reloads at once; the poll is then the fallback for when that connection is down.
    /// </summary>
    public int RegistrationPollMilliseconds { get; set; } = 250;

    /// <summary>
    /// How often a host adds its plug-in statistics and its own figures to the database, where <c>/api/admin/stats</c>
    /// of any host reads every host's; also written at shutdown and before <c>/api/admin/stats</c> answers.
    /// </summary>
    public int StatisticsFlushSeconds { get; set; } = 5;

    /// <summary>Longest a service-endpoint (webhook) post may take before the plug-in gets a timeout error.</summary>
    public int ServiceEndpointTimeoutSeconds { get; set; } = 30;

    /// <summary>Largest request body the HTTP API reads, in megabytes (Kestrel's MaxRequestBodySize); larger ones get 413.</summary>
    public int MaxRequestBodyMb { get; set; } = 4;

    /// <summary>
    /// Most records one RetrieveMultiple returns, as Dataverse's 5,000: the largest TopCount and page size a query may
    /// ask for, and the page a query without either gets (with MoreRecords and a paging cookie when there are more).
    /// </summary>
    public int MaxPageSize { get; set; } = DefaultMaxPageSize;

    /// <summary>The page size limit when none is configured: Dataverse's.</summary>
    internal const int DefaultMaxPageSize = 5000;

    /// <summary>The organization name plug-ins read as <c>IExecutionContext.OrganizationName</c>.</summary>
    public string OrganizationName { get; set; } = "PluginHost";

    /// <summary>
    /// The organization id plug-ins read as <c>IExecutionContext.OrganizationId</c> (and, as text, <c>EnvironmentId</c>);
    /// when unset, a stable id derived from <see cref="OrganizationName"/>, the same on every host with that name.
    /// </summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>The organization id in force: <see cref="OrganizationId"/>, else the one derived from the name.</summary>
    internal Guid EffectiveOrganizationId => OrganizationId ?? DeriveOrganizationId(OrganizationName);

    /// <summary>Sandbox worker settings.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>Async job runner settings.</summary>
    public JobOptions Jobs { get; set; } = new();

    /// <summary>Who may call the HTTP API without a key (README, Security model).</summary>
    public Http.Security.AuthOptions Auth { get; set; } = new();

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host headers are believed; none by default.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Host header values the API answers; empty: the listening hosts, localhost, 127.0.0.1 and [::1].</summary>
    public string[] AllowedHosts { get; set; } = [];

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
            Http.Security.SecuritySettings.ReadLists(options, configuration.GetSection(Section));
        }
        catch (InvalidOperationException exception)
        {
            return [exception.Message];
        }

        return [.. options.Problems(), .. Http.Security.SecuritySettings.AdminKeyProblems(configuration[Http.Security.AdminKey.Variable])];
    }

    /// <summary>What is wrong with these settings, one line per setting; empty when the host can run with them.</summary>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        void Range(int value, int min, int max, string setting)
        {
            if (value < min || value > max)
            {
                problems.Add($"{Section}:{setting} must be from {min} to {max}, not {value}");
            }
        }

        if (!Enum.IsDefined(TraceLog))
        {
            problems.Add($"{Section}:TraceLog must be Off, Exception or All, not {TraceLog}");
        }

        if (string.IsNullOrWhiteSpace(OrganizationName))
        {
            problems.Add($"{Section}:OrganizationName must not be empty");
        }

        if (HostName is { } hostName && (hostName.Trim().Length == 0 || hostName.Length > 200 || hostName.Any(char.IsControl)))
        {
            problems.Add($"{Section}:HostName must be 1 to 200 characters with no control characters, not '{hostName.ReplaceLineEndings(" ")}'");
        }

        Range(TraceRetentionDays, 0, 36_500, "TraceRetentionDays");
        Range(TraceMaxRows, 0, 1_000_000_000, "TraceMaxRows");
        Range(MaxDepth, 1, PluginHost.Sandbox.Protocol.Wire.ContextCodec.MaxParents, "MaxDepth");
        Range(RegistrationPollMilliseconds, 10, 1000, "RegistrationPollMilliseconds");
        Range(StatisticsFlushSeconds, 1, 3600, "StatisticsFlushSeconds");
        Range(ServiceEndpointTimeoutSeconds, 1, 3600, "ServiceEndpointTimeoutSeconds");
        Range(MaxRequestBodyMb, 1, 1024, "MaxRequestBodyMb");
        // Queries run in memory: a page of 50,000 records is already more than one response should hold.
        Range(MaxPageSize, 1, 50_000, "MaxPageSize");
        Range(Sandbox.ExecutionTimeoutSeconds, 1, 86_400, "Sandbox:ExecutionTimeoutSeconds");
        // 32 MB: a worker was seen to start and run a step with it (not tried lower); 0 would mean no heap limit at all.
        Range(Sandbox.MemoryLimitMb, 32, 1_048_576, "Sandbox:MemoryLimitMb");
        Range(Sandbox.Workers, 0, 1024, "Sandbox:Workers");
        Range(Sandbox.MaxWorkers, 1, 1024, "Sandbox:MaxWorkers");
        if (Sandbox.MaxExecutionsPerWorker < 1)
        {
            problems.Add($"{Section}:Sandbox:MaxExecutionsPerWorker must be at least 1, not {Sandbox.MaxExecutionsPerWorker}");
        }

        Range(Sandbox.MaxFrameMegabytes, 1, 1024, "Sandbox:MaxFrameMegabytes");
        Range(Jobs.Concurrency, 1, 1024, "Jobs:Concurrency");
        Range(Jobs.MaxAttempts, 1, 100, "Jobs:MaxAttempts");
        Range(Jobs.RetryBaseMilliseconds, 0, 3_600_000, "Jobs:RetryBaseMilliseconds");
        Range(Jobs.LeaseSeconds, 2, 86_400, "Jobs:LeaseSeconds");
        problems.AddRange(Http.Security.SecuritySettings.Problems(this));
        return problems;
    }

    /// <summary>The first 16 bytes of the SHA-256 of the name, as a version-5-style Guid: stable, and different per name.</summary>
    private static Guid DeriveOrganizationId(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("PluginHost organization:" + name));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
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

    /// <summary>
    /// How long a host's claim on a running job lasts without renewal. The host renews it while the job runs; once it
    /// lapses (the host died or lost the database), another host may take the job over.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;
}

/// <summary>
/// The same checks for whoever builds the engine from <see cref="HostServices.AddPluginHost"/> without going through
/// Program.cs (the benchmark, an embedding product): the first read of the options fails with every problem.
/// </summary>
internal sealed class PluginHostOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<PluginHostOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PluginHostOptions options) =>
        options.Problems() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
