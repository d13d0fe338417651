using Microsoft.Xrm.Sdk;
using PluginHost.Host.Endpoints;

namespace PluginHost.Host.Pipeline;

/// <summary>The service provider a plug-in's Execute receives.</summary>
internal sealed class PluginServices(StepContext context, TraceBuffer tracing, IOrganizationServiceFactory factory, ServiceEndpointNotifier serviceEndpoints) : IServiceProvider
{
    public StepContext Context { get; } = context;

    public TraceBuffer Tracing { get; } = tracing;

    public IOrganizationServiceFactory Factory { get; } = factory;

    public ServiceEndpointNotifier ServiceEndpoints { get; } = serviceEndpoints;

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IPluginExecutionContext) || serviceType == typeof(IExecutionContext) ? Context
        : serviceType == typeof(ITracingService) ? Tracing
        : serviceType == typeof(IOrganizationServiceFactory) ? Factory
        : serviceType == typeof(IServiceEndpointNotificationService) ? ServiceEndpoints
        : null;
}
