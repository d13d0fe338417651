using Microsoft.Xrm.Sdk;

namespace TestPlugins.Pipeline;

/// <summary>Typed access to what Execute receives.</summary>
internal static class Services
{
    public static IPluginExecutionContext Context(this IServiceProvider services) =>
        (IPluginExecutionContext)services.GetService(typeof(IPluginExecutionContext))!;

    public static ITracingService Tracing(this IServiceProvider services) =>
        (ITracingService)services.GetService(typeof(ITracingService))!;

    public static IOrganizationService Organization(this IServiceProvider services, Guid? userId) =>
        ((IOrganizationServiceFactory)services.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(userId);
}
