using Microsoft.Xrm.Sdk;
using PluginHost.Host.Endpoints;
using PluginHost.Sandbox.Protocol;

namespace PluginHost.Host.Pipeline;

/// <summary>The service provider a plug-in's Execute receives; it answers null for any type it does not offer.</summary>
internal sealed class PluginServices(
    StepContext context, TraceBuffer tracing, IOrganizationServiceFactory factory, ServiceEndpointNotifier serviceEndpoints, ILogger hostLogger) : IServiceProvider
{
    private PluginLogger? _logger;

    public StepContext Context { get; } = context;

    public TraceBuffer Tracing { get; } = tracing;

    public IOrganizationServiceFactory Factory { get; } = factory;

    public ServiceEndpointNotifier ServiceEndpoints { get; } = serviceEndpoints;

    /// <summary>The PluginTelemetry logger; a sandboxed plug-in's entries are relayed through it too.</summary>
    /// <remarks>Made on first use: most steps never log, and this is on every step's path.</remarks>
    public PluginLogger Logger => _logger ??= new(Context, Tracing, hostLogger);

    public object? GetService(Type serviceType) =>
        ContextServices.IsContextType(serviceType) ? Context
        : serviceType == typeof(ITracingService) ? Tracing
        : serviceType == typeof(IOrganizationServiceFactory) ? Factory
        : serviceType == typeof(IServiceEndpointNotificationService) ? ServiceEndpoints
        : serviceType == typeof(Microsoft.Xrm.Sdk.PluginTelemetry.ILogger) ? Logger
        : null;
}
