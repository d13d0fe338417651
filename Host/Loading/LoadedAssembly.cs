using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Loading;

/// <summary>
/// One loaded version of a trusted assembly: its load context, the plug-in instances of its steps, and a count of
/// executions in flight so that the context is unloaded only once the last one has finished.
/// </summary>
internal sealed class LoadedAssembly(Guid assemblyId, string name, string sha256, PluginLoadContext context, Assembly assembly)
{
    private readonly ConcurrentDictionary<Guid, IPlugin> _instances = new();
    private int _inFlight;
    private int _retired;

    public Guid AssemblyId { get; } = assemblyId;

    public string Name { get; } = name;

    public string Sha256 { get; } = sha256;

    private PluginLoadContext? _context = context;
    private Assembly? _assembly = assembly;

    /// <summary>Raised once when the assembly is retired and its last execution has finished.</summary>
    public event Action<LoadedAssembly>? Drained;

    /// <summary>Starts an execution; false when the assembly was retired meanwhile (load the current one).</summary>
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
    public PluginLoadContext DetachContext()
    {
        var context = _context ?? throw new InvalidOperationException($"assembly {Name} was unloaded");
        _context = null;
        _assembly = null;
        return context;
    }

    private IPlugin Create(StepRegistration step)
    {
        var plugin = _assembly ?? throw new InvalidOperationException($"assembly {Name} was unloaded");
        var type = plugin.GetType(step.TypeName, throwOnError: false)
            ?? throw new PipelineException(ErrorCodes.PluginError, $"plug-in type {step.TypeName} is not in assembly {Name} any more");
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

    private void OnDrained()
    {
        _instances.Clear();
        Drained?.Invoke(this);
    }
}

/// <summary>A plug-in's constructor threw; reported like any unexpected plug-in exception.</summary>
internal sealed class PluginConstructionException(string typeName, Exception inner)
    : Exception($"the constructor of {typeName} threw {inner.GetType().Name}: {inner.Message}", inner);
