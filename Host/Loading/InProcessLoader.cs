using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Options;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Host.Loading;

/// <summary>
/// Loads trusted units (a lone assembly or a whole package) with McMaster's loader from the host's plug-in cache, one
/// collectible context per unit version. When a unit is updated or unregistered, new executions get the new content at
/// once; the old context is unloaded when its in-flight executions end, and the unload is verified (weak reference, and
/// no assembly of it left in <see cref="AppDomain.GetAssemblies"/>); a context that stays is logged and counted.
/// </summary>
internal sealed class InProcessLoader
{
    private const int UnloadAttempts = 20;

    // A step whose unit is updated again and again while it is being dispatched: give up after this many updates.
    private const int MaxRedispatches = 3;

    private readonly ConcurrentDictionary<Guid, LoadedUnit> _current = new();
    // Retired units not yet unloaded: their folders stay in the cache, a dependency may still be loaded from them.
    private readonly ConcurrentDictionary<LoadedUnit, bool> _draining = new();
    // McMaster names every context after its main file; the label of each load tells them apart without keeping them alive.
    private readonly ConditionalWeakTable<AssemblyLoadContext, string> _labels = [];
    private readonly Lock _loading = new();
    private readonly PluginCache _cache;
    private readonly StepIndexProvider _steps;
    private readonly PluginStatistics _statistics;
    private readonly ILogger<InProcessLoader> _logger;
    private long _loads;
    private long _unloadsVerified;
    private long _unloadsFailed;
    private long _unloadsPending;

    public InProcessLoader(RegistrationStore store, StepIndexProvider steps, PluginStatistics statistics, IOptions<PluginHostOptions> options, ILogger<InProcessLoader> logger)
    {
        _cache = new PluginCache(store, options);
        _steps = steps;
        _statistics = statistics;
        _logger = logger;
        steps.Reloaded += OnReloaded;
    }

    /// <summary>Counters for statistics and tests.</summary>
    public (long Loads, long UnloadsVerified, long UnloadsFailed, long UnloadsPending) Counters =>
        (Interlocked.Read(ref _loads), Interlocked.Read(ref _unloadsVerified), Interlocked.Read(ref _unloadsFailed), Interlocked.Read(ref _unloadsPending));

    /// <summary>The plug-in cache this loader loads from.</summary>
    public PluginCache Cache => _cache;

    /// <summary>
    /// The loaded version of a step's unit, entered (call <see cref="LoadedUnit.Exit"/> when done), and the step as it
    /// is registered now: a step dispatched on an index read before an update runs on the new content, as a request a
    /// moment later would, rather than failing because of the update, and never retires the newer unit it finds loaded.
    /// </summary>
    public (LoadedUnit Loaded, StepRegistration Step) Enter(StepRegistration step)
    {
        for (var redispatch = 0; ; redispatch++)
        {
            string reason;
            Exception? cause = null;
            try
            {
                if (TryEnter(step.Unit) is { } loaded)
                {
                    return (loaded, step);
                }

                reason = $"{step.Unit.Description} was updated while it was being dispatched";
            }
            catch (UnitChangedException exception)
            {
                (reason, cause) = (exception.Message, exception);
            }

            // Read before the update: the registrations as they are now say which content runs.
            if (redispatch < MaxRedispatches && _steps.Refresh().Steps.TryGetValue(step.StepId, out var current) && current.Unit.Key != step.Unit.Key)
            {
                step = current;
                continue;
            }

            throw new PipelineException(ErrorCodes.PluginError, $"Step '{step.Name}' was not run: {reason}; send the request again", cause);
        }
    }

    /// <summary>
    /// The unit entered, loaded first when needed; null when another version of it is loaded and the step index in
    /// force names that one, not <paramref name="unit"/>: the caller holds a stale step and must not unload the newer unit.
    /// </summary>
    private LoadedUnit? TryEnter(PluginUnit unit)
    {
        while (true)
        {
            if (_current.TryGetValue(unit.Id, out var loaded) && loaded.Key == unit.Key && loaded.TryEnter())
            {
                return loaded;
            }

            lock (_loading)
            {
                if (_current.TryGetValue(unit.Id, out loaded) && loaded.Key != unit.Key)
                {
                    if (IndexedKey(unit.Id) is { } indexed && indexed != unit.Key)
                    {
                        return null;
                    }

                    Retire(loaded);
                    loaded = null;
                }

                loaded ??= Load(unit);
                if (loaded.TryEnter())
                {
                    return loaded;
                }
            }
        }
    }

    /// <summary>
    /// The key the step index in force gives the unit, or null when no enabled step uses it. Read, never refreshed: a
    /// refresh raises <see cref="StepIndexProvider.Reloaded"/>, which takes the loading lock the caller holds.
    /// </summary>
    private string? IndexedKey(Guid unitId) =>
        _steps.Current.Steps.Values.FirstOrDefault(step => step.Unit.Id == unitId)?.Unit.Key;

    private LoadedUnit Load(PluginUnit unit)
    {
        var mainPath = _cache.Materialize(unit);
        var context = UnitLoader.Create(mainPath, unloadable: true);
        var label = $"{unit.Name}@{unit.Key[..12]}#{Interlocked.Increment(ref _loads)}";
        _labels.Add(context, label);
        LoadEveryFile(unit, context, label);
        var loaded = new LoadedUnit(unit, context, label);
        loaded.Drained += Unload;
        _current[unit.Id] = loaded;
        _logger.LogInformation("Loaded trusted {Unit} ({Key}, {FileCount} file(s)) as {LoadContext}", unit.Description, unit.Key[..12], unit.Files.Count, label);
        return loaded;
    }

    /// <summary>
    /// Reads every file of the unit into its context now, rather than when a plug-in first needs it: the files are read
    /// into memory, so a dependency loaded later would be the only thing still reading the cache, and an admin's
    /// removal of the cache folder meanwhile would break that load.
    /// </summary>
    private void LoadEveryFile(PluginUnit unit, AssemblyLoadContext context, string label)
    {
        foreach (var file in unit.Files)
        {
            try
            {
                // By name, as a plug-in's reference would: a file the framework also has resolves to the framework's.
                context.LoadFromAssemblyName(new System.Reflection.AssemblyName(file.AssemblyName));
            }
            catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // The plug-in that needs it (if any) meets the same error when it runs, where it is reported.
                _logger.LogWarning("Could not load {File} of {Unit} into {LoadContext}: {Reason}", file.FileName, unit.Description, label, exception.Message);
            }
        }
    }

    private void OnReloaded(StepIndex index)
    {
        var live = index.Steps.Values.Select(step => (step.Unit.Id, step.Unit.Key)).ToHashSet();
        lock (_loading)
        {
            foreach (var loaded in _current.Values)
            {
                if (!live.Contains((loaded.Unit.Id, loaded.Key)))
                {
                    Retire(loaded);
                }
                else
                {
                    // Step configurations may have changed: build instances afresh on next use.
                    loaded.ForgetInstances();
                }
            }

            RetainCache();
        }
    }

    private void Retire(LoadedUnit loaded)
    {
        if (_current.TryRemove(new KeyValuePair<Guid, LoadedUnit>(loaded.Unit.Id, loaded)))
        {
            _draining[loaded] = true;
        }

        loaded.Retire();
    }

    /// <summary>
    /// Keeps in the cache the units of registered trusted steps and those still loaded; removes the rest (under the lock).
    /// </summary>
    private void RetainCache()
    {
        var keys = _steps.Current.Steps.Values.Where(step => step.Isolation == IsolationMode.None).Select(step => step.Unit.Key)
            .Concat(_current.Values.Select(loaded => loaded.Key))
            .Concat(_draining.Keys.Select(loaded => loaded.Key))
            .ToHashSet(StringComparer.Ordinal);
        try
        {
            _cache.Retain(keys);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not remove unused files from the plug-in cache {Folder}: {Reason}", _cache.Folder, exception.Message);
        }
    }

    private void Unload(LoadedUnit loaded)
    {
        Interlocked.Increment(ref _unloadsPending);
        var weak = StartUnload(loaded);
        _ = Task.Run(() => VerifyUnload(weak, loaded));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StartUnload(LoadedUnit loaded)
    {
        var context = loaded.DetachContext();
        context.Unload();
        return new WeakReference(context);
    }

    private void VerifyUnload(WeakReference weak, LoadedUnit loaded)
    {
        try
        {
            for (var attempt = 0; attempt < UnloadAttempts; attempt++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                if (!weak.IsAlive && !AppDomain.CurrentDomain.GetAssemblies().Any(assembly => LabelOf(assembly) == loaded.Label))
                {
                    Interlocked.Increment(ref _unloadsVerified);
                    _logger.LogDebug("Unloaded {LoadContext}", loaded.Label);
                    return;
                }

                Thread.Sleep(50 * (attempt + 1));
            }

            Interlocked.Increment(ref _unloadsFailed);
            _statistics.RecordUnloadFailure(loaded.Unit.Name);
            _logger.LogError(
                "The old load context {LoadContext} of {Unit} did not unload: something still references it (a static event, a thread, a timer or a cached delegate)",
                loaded.Label,
                loaded.Unit.Description);
        }
        finally
        {
            lock (_loading)
            {
                _draining.TryRemove(loaded, out _);
                RetainCache();
            }

            Interlocked.Decrement(ref _unloadsPending);
        }
    }

    private string? LabelOf(System.Reflection.Assembly assembly) =>
        AssemblyLoadContext.GetLoadContext(assembly) is { } context && _labels.TryGetValue(context, out var label) ? label : null;
}
