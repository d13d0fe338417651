using System;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.Endpoint;

/// <summary>
/// Posts its execution context to the service endpoint whose id (or, when not a GUID, whose name) is its unsecure
/// configuration, traces the answer and, before the main operation, stores it on the Target as webhook_response.
/// </summary>
public sealed class WebhookNotifier : IPlugin
{
    private readonly string _endpoint;

    public WebhookNotifier(string unsecureConfig, string secureConfig)
    {
        _endpoint = unsecureConfig;
    }

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
        var notificationService = (IServiceEndpointNotificationService)serviceProvider.GetService(typeof(IServiceEndpointNotificationService));

        var endpoint = Guid.TryParse(_endpoint, out var id)
            ? new EntityReference("serviceendpoint", id)
            : new EntityReference("serviceendpoint", Guid.Empty) { Name = _endpoint };
        context.SharedVariables["notifiedBy"] = nameof(WebhookNotifier);

        string response;
        try
        {
            tracing.Trace("Posting the context to service endpoint {0}", _endpoint);
            response = notificationService.Execute(endpoint, context);
        }
        catch (Exception exception)
        {
            throw new InvalidPluginExecutionException($"Notifying the webhook failed: {exception.Message}", exception);
        }

        tracing.Trace("Webhook answered: {0}", response);
        if (context.Stage < 40 && context.InputParameters.TryGetValue("Target", out var target) && target is Entity entity)
        {
            entity["webhook_response"] = response;
        }
    }
}
