using Microsoft.Xrm.Sdk;

namespace PluginHost.Samples;

/// <summary>
/// PostOperation (40) on Create of <c>account</c>: creates a follow-up <c>task</c> that refers to the new account,
/// through the organization service, so it runs its own pipeline at Depth 2 inside the same transaction.
/// </summary>
public sealed class FollowUpTaskCreator : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var service = factory.CreateOrganizationService(context.UserId);

        var account = (Entity)context.InputParameters["Target"]!;
        var accountId = (Guid)context.OutputParameters["id"]!;
        var task = new Entity("task")
        {
            ["subject"] = $"Follow up with {account.GetAttributeValue<string>("name")}",
            ["regardingobjectid"] = new EntityReference("account", accountId),
            ["scheduledend"] = context.OperationCreatedOn.AddDays(7),
        };
        var taskId = service.Create(task);
        tracing.Trace("Created follow-up task {0} for account {1}", taskId, accountId);
    }
}
