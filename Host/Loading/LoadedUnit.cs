using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Loading;

/// <summary>
/// One loaded version of a trusted unit (a lone assembly or a package): its McMaster load context, the plug-in
/// instances of its steps, and a count of executions in flight so that the context is unloaded only once the last one
/// has finished.
/// </summary>
/// <param name="unit">The unit loaded.</param>
/// <param name="context">McMaster's collectible context on the unit's folder in the plug-in cache; held here until it is detached.</param>
/// <param name="label">A name unique to this load, for logs and the unload check (McMaster names contexts after the main file).</param>
internal sealed class LoadedUnit(PluginUnit unit, AssemblyLoadContext context, string label)
{
    private readonly ConcurrentDictionary<Guid, IPlugin> _instances = new();
    private AssemblyLoadContext? _context = context;
    private int _inFlight;
    private int _retired;

    public PluginUnit Unit { get; } = unit;

    /// <summary>The unit's key: its content.</summary>
    public string Key => Unit.Key;

    public string Label { get; } = label;

    /// <summary>Raised once when the unit is retired and its last execution has finished.</summary>
    public event Action<LoadedUnit>? Drained;

    /// <summary>Starts an execution; false when the unit was retired meanwhile (load the current one).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1)
        {
            OnDrained();
        }
    }

    /// <summary>No new executions; unloads as soon as none is in flight.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0 && Volatile.Read(ref _inFlight) == 0)
        {
            OnDrained();
        }
    }

    /// <summary>The cached plug-in instance of a step, created with its configuration on first use.</summary>
    public IPlugin InstanceFor(StepRegistration step) =>
        _instances.GetOrAdd(step.StepId, _ => Create(step));

    /// <summary>Forgets the cached instances (step configurations may have changed).</summary>
    public void ForgetInstances() => _instances.Clear();

    /// <summary>Hands over the load context for unloading; this object keeps no reference to it.</summary>
    public AssemblyLoadContext DetachContext()
    {
        var detached = _context ?? throw new InvalidOperationException($"{Unit.Description} was unloaded");
        _context = null;
        return detached;
    }

    private IPlugin Create(StepRegistration step)
    {
        var type = Load(step).GetType(step.TypeName, throwOnError: false)
            ?? throw new PipelineException(ErrorCodes.PluginError, $"plug-in type {step.TypeName} is not in assembly {step.AssemblyName} any more");
        var constructor = type.GetConstructor([typeof(string), typeof(string)]);
        object instance;
        try
        {
            instance = constructor is not null
                ? constructor.Invoke([step.UnsecureConfig, step.SecureConfig])
                : type.GetConstructor([typeof(string)]) is { } withConfig
                    ? withConfig.Invoke([step.UnsecureConfig])
                    : Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new PluginConstructionException(step.TypeName, exception.InnerException);
        }

        return instance as IPlugin ?? throw new PipelineException(ErrorCodes.PluginError, $"{step.TypeName} does not implement Microsoft.Xrm.Sdk.IPlugin");
    }

    /// <summary>The step's assembly, loaded by name from the unit's files (the SDK and the framework from the host's).</summary>
    private Assembly Load(StepRegistration step)
    {
        var current = _context ?? throw new InvalidOperationException($"{Unit.Description} was unloaded");
        try
        {
            return current.LoadFromAssemblyName(new AssemblyName(step.AssemblyName));
        }
        catch (FileNotFoundException exception)
        {
            throw new PipelineException(ErrorCodes.PluginError, $"Step '{step.Name}' cannot run: assembly {step.AssemblyName} of {Unit.Description} could not be loaded: {exception.Message}", exception);
        }
    }

    private void OnDrained()
    {
        _instances.Clear();
        Drained?.Invoke(this);
    }
}

/// <summary>A plug-in's constructor threw; reported like any unexpected plug-in exception.</summary>
internal sealed class PluginConstructionException(string typeName, Exception inner)
    : Exception($"the constructor of {typeName} threw {inner.GetType().Name}: {inner.Message}", inner);
