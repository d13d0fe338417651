using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Loading;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.SandboxRunner;

/// <summary>
/// The load units this worker was sent, each materialized in the worker's own private copy of the plug-in cache (under
/// its TMPDIR, never the host's: one tenant must not read another's files) and loaded with McMaster's loader in a
/// context of its own (the SDK and the framework shared from the default context), and one plug-in instance per step
/// and configuration. The worker is replaced rather than unloading anything: the process is the unit of isolation here.
/// </summary>
internal sealed class PluginCatalog(UnitCache cache)
{
    private readonly Dictionary<string, LoadUnit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssemblyLoadContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string UnitKey, string? Unsecure, string? Secure, IPlugin Plugin)> _instances = [];

    /// <summary>Writes one file's content to the private cache.</summary>
    public void AddFile(LoadAssembly file) => cache.AddBlob(file.Sha256, file.Image);

    /// <summary>Lays out a unit whose files were sent before; it is loaded at its first execution.</summary>
    public void AddUnit(LoadUnit unit)
    {
        cache.AddUnit(unit.Key, unit.Files);
        _units[unit.Key] = unit;
    }

    /// <summary>The step's cached plug-in instance, created (running its constructor) when missing or reconfigured.</summary>
    public IPlugin Instance(ExecuteRequest request)
    {
        if (_instances.TryGetValue(request.StepId, out var cached)
            && cached.UnitKey == request.UnitKey && cached.Unsecure == request.UnsecureConfig && cached.Secure == request.SecureConfig)
        {
            return cached.Plugin;
        }

        var type = Assembly(request).GetType(request.TypeName, throwOnError: false)
            ?? throw new CannotRunException($"plug-in type {request.TypeName} is not in assembly {request.AssemblyName}");
        if (!typeof(IPlugin).IsAssignableFrom(type))
        {
            throw new CannotRunException($"{request.TypeName} does not implement Microsoft.Xrm.Sdk.IPlugin");
        }

        object? instance;
        try
        {
            instance = type.GetConstructor([typeof(string), typeof(string)]) is { } both
                ? both.Invoke([request.UnsecureConfig, request.SecureConfig])
                : type.GetConstructor([typeof(string)]) is { } one
                    ? one.Invoke([request.UnsecureConfig])
                    : Activator.CreateInstance(type);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            // Rethrown with the constructor's own stack trace, for the trace log.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
        catch (MissingMethodException)
        {
            throw new CannotRunException($"{request.TypeName} has no public constructor (), (string) or (string, string)");
        }

        var plugin = (IPlugin)instance!;
        _instances[request.StepId] = (request.UnitKey, request.UnsecureConfig, request.SecureConfig, plugin);
        return plugin;
    }

    private Assembly Assembly(ExecuteRequest request)
    {
        if (!_contexts.TryGetValue(request.UnitKey, out var context))
        {
            if (!_units.TryGetValue(request.UnitKey, out var unit))
            {
                throw new CannotRunException($"unit {request.UnitKey} was not sent to this worker");
            }

            context = UnitLoader.Create(Path.Combine(cache.AddUnit(unit.Key, unit.Files), unit.MainFile), unloadable: false);
            _contexts[request.UnitKey] = context;
        }

        try
        {
            return context.LoadFromAssemblyName(new AssemblyName(request.AssemblyName));
        }
        catch (FileNotFoundException exception)
        {
            throw new CannotRunException($"assembly {request.AssemblyName} is not in the unit, or a file it needs is missing: {exception.Message}");
        }
    }

    /// <summary>The step cannot run here at all; nothing of the plug-in ran.</summary>
    public sealed class CannotRunException(string message) : Exception(message);
}
