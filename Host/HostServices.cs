using PluginHost.Host.Diagnostics;
using PluginHost.Host.Endpoints;
using PluginHost.Host.Entities;
using PluginHost.Host.Jobs;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Host.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PluginHost.Registration.Store;

namespace PluginHost.Host;

/// <summary>
/// The services of the pipeline engine, in one place so that the HTTP host and the benchmark build the same engine.
/// </summary>
internal static class HostServices
{
    /// <summary>Registers the engine, its loaders and its background services on <paramref name="database"/>.</summary>
    public static IServiceCollection AddPluginHost(this IServiceCollection services, RegistrationDatabase database, IConfiguration configuration)
    {
        services.Configure<PluginHostOptions>(configuration.GetSection(PluginHostOptions.Section));
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PluginHostOptions>, PluginHostOptionsValidation>();
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostIdentity>();
        services.AddSingleton<LogThrottle>();
        services.AddSingleton<DatabaseWatch>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseWatch>());
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<WriteGate>();

        // SQLite's one writer is queued through the process-wide gate; PostgreSQL needs none (row locks).
        services.AddSingleton(provider => new HostDatabase(
            database, database.Location.Backend == DatabaseBackend.Sqlite ? provider.GetRequiredService<WriteGate>() : null));
        services.AddSingleton<EntityRepository>();
        services.AddSingleton<EntityLinks>();
        services.AddSingleton<CoreRequests>();
        services.AddSingleton<PluginStatistics>();
        services.AddSingleton<StatisticsStore>();

        // The host's own counters are read when written, so the sandbox pool (which starts workers) is not made early.
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<SharedStatistics>(
            provider,
            new Func<HostCounters>(() => HostCounters.Read(
                provider.GetRequiredService<InProcessLoader>(),
                provider.GetRequiredService<SandboxPool>(),
                provider.GetRequiredService<SandboxEnvironment>(),
                provider.GetRequiredService<PluginStatistics>()))));
        services.AddHostedService(provider => provider.GetRequiredService<SharedStatistics>());
        services.AddSingleton<TraceLog>();
        services.AddHostedService(provider => provider.GetRequiredService<TraceLog>());
        services.AddSingleton<StepIndexProvider>();
        services.AddHostedService(provider => provider.GetRequiredService<StepIndexProvider>());
        services.AddHostedService<RegistrationListener>();
        services.AddSingleton<InProcessLoader>();
        services.AddSingleton<InProcessExecutor>();
        services.AddSingleton<SandboxEnvironment>();
        services.AddSingleton<SandboxPool>();
        services.AddSingleton<SandboxAssemblyGate>();
        services.AddSingleton<SandboxExecutor>();
        services.AddSingleton<ExecutorSelector>();
        services.AddSingleton<ServiceEndpointNotifier>();
        services.AddSingleton<StepRunner>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<PipelineEngine>();
        services.AddHostedService<JobRunner>();
        return services;
    }
}
