using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Loading;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.SandboxRunner;

/// <summary>
/// The assemblies this worker was sent, each in a load context of its own (the SDK and the framework shared from the
/// default context), and one plug-in instance per step and configuration. The worker is replaced rather than
/// unloading anything: the process is the unit of isolation here.
/// </summary>
internal sealed class PluginCatalog
{
    private readonly Dictionary<string, byte[]> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assembly> _assemblies = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string Sha256, string? Unsecure, string? Secure, IPlugin Plugin)> _instances = [];

    public void Add(string sha256, byte[] image) => _images[sha256] = image;

    /// <summary>The step's cached plug-in instance, created (running its constructor) when missing or reconfigured.</summary>
    public IPlugin Instance(ExecuteRequest request)
    {
        if (_instances.TryGetValue(request.StepId, out var cached)
            && cached.Sha256 == request.AssemblySha256 && cached.Unsecure == request.UnsecureConfig && cached.Secure == request.SecureConfig)
        {
            return cached.Plugin;
        }

        var type = Assembly(request.AssemblySha256).GetType(request.TypeName, throwOnError: false)
            ?? throw new CannotRunException($"plug-in type {request.TypeName} is not in the assembly");
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
        _instances[request.StepId] = (request.AssemblySha256, request.UnsecureConfig, request.SecureConfig, plugin);
        return plugin;
    }

    private Assembly Assembly(string sha256)
    {
        if (_assemblies.TryGetValue(sha256, out var loaded))
        {
            return loaded;
        }

        if (!_images.Remove(sha256, out var image))
        {
            throw new CannotRunException($"assembly {sha256} was not sent to this worker");
        }

        using var stream = new MemoryStream(image, writable: false);
        var assembly = new PluginContext($"plugin-{sha256[..12]}").LoadFromStream(stream);
        _assemblies[sha256] = assembly;
        return assembly;
    }

    /// <summary>One plug-in assembly's context: the SDK from the host, whatever version the plug-in names; the rest from the framework.</summary>
    private sealed class PluginContext(string name) : AssemblyLoadContext(name)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => SuppliedAssemblies.Resolve(assemblyName);
    }

    /// <summary>The step cannot run here at all; nothing of the plug-in ran.</summary>
    public sealed class CannotRunException(string message) : Exception(message);
}
