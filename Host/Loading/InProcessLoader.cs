using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Loading;

/// <summary>
/// Loads trusted assemblies from their stored bytes, one collectible context per assembly version. When an
/// assembly is updated or unregistered, new executions get the new content at once; the old context is unloaded
/// when its in-flight executions end, and the unload is verified (weak reference, and the assembly gone from
/// <see cref="AppDomain.GetAssemblies"/>); a context that stays is logged and counted.
/// </summary>
internal sealed class InProcessLoader
{
    private const int UnloadAttempts = 20;

    private readonly ConcurrentDictionary<Guid, LoadedAssembly> _current = new();
    private readonly Lock _loading = new();
    private readonly RegistrationStore _store;
    private readonly PluginStatistics _statistics;
    private readonly ILogger<InProcessLoader> _logger;
    private long _loads;
    private long _unloadsVerified;
    private long _unloadsFailed;
    private long _unloadsPending;

    public InProcessLoader(RegistrationStore store, StepIndexProvider steps, PluginStatistics statistics, ILogger<InProcessLoader> logger)
    {
        _store = store;
        _statistics = statistics;
        _logger = logger;
        steps.Reloaded += OnReloaded;
    }

    /// <summary>Counters for statistics and tests.</summary>
    public (long Loads, long UnloadsVerified, long UnloadsFailed, long UnloadsPending) Counters =>
        (Interlocked.Read(ref _loads), Interlocked.Read(ref _unloadsVerified), Interlocked.Read(ref _unloadsFailed), Interlocked.Read(ref _unloadsPending));

    /// <summary>The loaded version for a step, entered (call <see cref="LoadedAssembly.Exit"/> when done).</summary>
    public LoadedAssembly Enter(StepRegistration step)
    {
        while (true)
        {
            if (_current.TryGetValue(step.AssemblyId, out var loaded) && loaded.Sha256 == step.AssemblySha256 && loaded.TryEnter())
            {
                return loaded;
            }

            lock (_loading)
            {
                if (_current.TryGetValue(step.AssemblyId, out loaded) && loaded.Sha256 != step.AssemblySha256)
                {
                    Retire(loaded);
                    loaded = null;
                }

                loaded ??= Load(step);
                if (loaded.TryEnter())
                {
                    return loaded;
                }
            }
        }
    }

    private LoadedAssembly Load(StepRegistration step)
    {
        var image = _store.ReadAssemblyContent(step.AssemblyId);
        var sha = Convert.ToHexStringLower(SHA256.HashData(image));
        var context = new PluginLoadContext($"{step.AssemblyName}@{sha[..12]}#{Interlocked.Increment(ref _loads)}", new Dictionary<string, byte[]>());
        var loaded = new LoadedAssembly(step.AssemblyId, step.AssemblyName, sha, context, context.LoadPlugin(image));
        loaded.Drained += Unload;
        _current[step.AssemblyId] = loaded;
        _logger.LogInformation("Loaded trusted assembly {Assembly} ({Sha256}) into {LoadContext}", step.AssemblyName, sha[..12], context.Name);
        return loaded;
    }

    private void OnReloaded(StepIndex index)
    {
        var live = index.Steps.Values.Select(step => (step.AssemblyId, step.AssemblySha256)).ToHashSet();
        foreach (var loaded in _current.Values)
        {
            if (!live.Contains((loaded.AssemblyId, loaded.Sha256)))
            {
                lock (_loading)
                {
                    Retire(loaded);
                }
            }
            else
            {
                // Step configurations may have changed: build instances afresh on next use.
                loaded.ForgetInstances();
            }
        }
    }

    private void Retire(LoadedAssembly loaded)
    {
        _current.TryRemove(new KeyValuePair<Guid, LoadedAssembly>(loaded.AssemblyId, loaded));
        loaded.Retire();
    }

    private void Unload(LoadedAssembly loaded)
    {
        Interlocked.Increment(ref _unloadsPending);
        var (weak, name) = StartUnload(loaded);
        _ = Task.Run(() => VerifyUnload(weak, name, loaded.Name));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Weak, string ContextName) StartUnload(LoadedAssembly loaded)
    {
        var context = loaded.DetachContext();
        var name = context.Name!;
        context.Unload();
        return (new WeakReference(context), name);
    }

    private void VerifyUnload(WeakReference weak, string contextName, string assemblyName)
    {
        for (var attempt = 0; attempt < UnloadAttempts; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (!weak.IsAlive && !AppDomain.CurrentDomain.GetAssemblies().Any(assembly => AssemblyLoadContext.GetLoadContext(assembly)?.Name == contextName))
            {
                Interlocked.Increment(ref _unloadsVerified);
                Interlocked.Decrement(ref _unloadsPending);
                _logger.LogDebug("Unloaded {LoadContext}", contextName);
                return;
            }

            Thread.Sleep(50 * (attempt + 1));
        }

        Interlocked.Increment(ref _unloadsFailed);
        Interlocked.Decrement(ref _unloadsPending);
        _statistics.RecordUnloadFailure(assemblyName);
        _logger.LogError(
            "The old load context {LoadContext} of assembly {Assembly} did not unload: something still references it (a static event, a thread, a timer or a cached delegate)",
            contextName,
            assemblyName);
    }
}
