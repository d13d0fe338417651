using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using PluginHost.Host;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Jobs;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Host.Storage;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// The host's own engine on a real temporary SQLite file (or a PostgreSQL database), built with the same <see cref="HostServices.AddPluginHost"/>
/// the pluginhost service uses, with logging off and its background services (registration poll, trace writer, job
/// runner, warm sandbox workers) running as they do in the service. Registrations go through the product's store,
/// never around it.
/// </summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    public const string NoOpAssembly = "TestPlugins.NoOp";
    public const string NoOpType = "TestPlugins.NoOp.NoOpPlugin";
    public const string PluginAPackage = "PackageFixtures.PluginA";
    public const string PluginAType = "PackageFixtures.PluginA.GreetingPlugin";

    private readonly string _sandboxRunnerPath;
    private readonly string? _pluginCacheFolder;
    private ServiceProvider? _services;
    private IHostedService[] _background = [];

    private BenchEngine(RegistrationDatabase database, string sandboxRunnerPath, string? pluginCacheFolder)
    {
        Database = database;
        _sandboxRunnerPath = sandboxRunnerPath;
        _pluginCacheFolder = pluginCacheFolder;
        Store = new RegistrationStore(database);
        Registrar = new AssemblyRegistrar(Store);
        Packages = new PackageRegistrar(Store);
    }

    public RegistrationDatabase Database { get; }

    public RegistrationStore Store { get; }

    public AssemblyRegistrar Registrar { get; }

    public PackageRegistrar Packages { get; }

    public PipelineEngine Engine => Service<PipelineEngine>();

    public StepIndexProvider Steps => Service<StepIndexProvider>();

    public InProcessLoader Loader => Service<InProcessLoader>();

    public PluginStatistics Statistics => Service<PluginStatistics>();

    public SandboxPool Sandboxes => Service<SandboxPool>();

    /// <summary>
    /// Opens (creating) the database, a SQLite file or a PostgreSQL connection string (which needs
    /// <paramref name="keyFile"/> and <paramref name="pluginCacheFolder"/>, as the host does); register what the figure
    /// needs, then <see cref="StartAsync"/>.
    /// </summary>
    public static BenchEngine Open(string databasePathOrConnectionString, string sandboxRunnerPath, string? keyFile = null, string? pluginCacheFolder = null)
    {
        // As Program.cs: the registration tables migrate on open, the host's tables are the host's to apply.
        var database = RegistrationDatabase.Open(databasePathOrConnectionString, keyFile);
        HostSchema.Apply(database);
        return new(database, sandboxRunnerPath, pluginCacheFolder);
    }

    /// <summary>
    /// Builds the engine and starts its background services, as the pluginhost service does before its first request;
    /// <paramref name="sandbox"/> overrides <c>PluginHost:Sandbox</c> settings. Without <paramref name="runJobs"/> the
    /// job runner does not start, so async steps only queue their jobs (for host processes to drain).
    /// </summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? sandbox = null, bool runJobs = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var settings = new Dictionary<string, string?>
        {
            [$"{PluginHostOptions.Section}:Sandbox:RunnerPath"] = _sandboxRunnerPath,
            [$"{PluginHostOptions.Section}:PluginCacheFolder"] = _pluginCacheFolder,
        };
        foreach (var (key, value) in sandbox ?? new Dictionary<string, string>())
        {
            settings[$"{PluginHostOptions.Section}:Sandbox:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddPluginHost(Database, configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _background = _services.GetServices<IHostedService>().Where(service => runJobs || service is not JobRunner).ToArray();
        foreach (var service in _background)
        {
            await service.StartAsync(CancellationToken.None);
        }

        // As Program.cs: the loaders subscribe to reloads before the first request, then the registrations load.
        _ = Loader;
        Steps.Refresh();

        // The service keeps a warm pool of sandbox workers; let it finish starting them, so that their start-up
        // does not compete with the first measurements.
        var pool = Sandboxes;
        var warm = Stopwatch.StartNew();
        while (pool.Counters.Idle + pool.Counters.Busy < Service<IOptions<PluginHostOptions>>().Value.Sandbox.Workers && warm.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Registers tests/TestPlugins/NoOp, trusted (isolation none) unless told otherwise, as 'pluginreg assembly register' does.</summary>
    public AssemblyRecord RegisterNoOp(string path, IsolationMode isolation = IsolationMode.None) =>
        Registrar.Register(path, isolation, "benchmark no-op plug-in").Assembly;

    /// <summary>Registers a synchronous no-op step, as 'pluginreg step register' does.</summary>
    public StepRecord RegisterNoOpStep(string message, string? entity, int stage, string? name = null) =>
        Store.RegisterStep(new StepDefinition { PluginType = NoOpType, Message = message, Entity = entity, Stage = stage, Name = name });

    /// <summary>Registers a trusted plug-in package, as 'pluginreg package register' does.</summary>
    public PackageRecord RegisterPackage(string path) => Packages.Register(path, IsolationMode.None, "benchmark package").Package;

    /// <summary>Registers a synchronous step of any plug-in type, as 'pluginreg step register' does.</summary>
    public StepRecord RegisterStep(string pluginType, string message, string? entity, int stage, string? configuration = null) =>
        Store.RegisterStep(new StepDefinition { PluginType = pluginType, Message = message, Entity = entity, Stage = stage, UnsecureConfig = configuration });

    /// <summary>Registers an asynchronous PostOperation no-op step whose jobs stay in the table once they succeed.</summary>
    public StepRecord RegisterAsyncNoOpStep(string message, string entity) =>
        Store.RegisterStep(new StepDefinition { PluginType = NoOpType, Message = message, Entity = entity, Stage = 40, Mode = ExecutionMode.Asynchronous });

    /// <summary>Picks up registration changes now instead of at the next poll (at most 250 ms later).</summary>
    public StepIndex Refresh() => Steps.Refresh();

    /// <summary>A top-level Create of a typical record, as POST /api/entities/{entity} runs it.</summary>
    public Guid Create(string entity) =>
        (Guid)Engine.Execute(new PipelineRequest("Create", entity, Guid.Empty, new ParameterCollection { ["Target"] = Rows.New(entity) }))["id"]!;

    /// <summary>How many times steps of the no-op plug-in ran in this engine.</summary>
    public long NoOpExecutions => Statistics.Snapshot().SingleOrDefault(snapshot => snapshot.PluginType == NoOpType)?.Executions ?? 0;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _background.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private T Service<T>()
        where T : notnull =>
        (_services ?? throw new InvalidOperationException("start the engine first")).GetRequiredService<T>();
}
