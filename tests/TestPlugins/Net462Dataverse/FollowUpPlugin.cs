using System;
using System.Linq;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Net462Dataverse
{
    /// <summary>
    /// PostOperation of Create: a plug-in as Dataverse authors write them. Creates a follow-up task for the new record,
    /// counts the tasks regarding it with a QueryExpression, and writes what it saw into the task.
    /// </summary>
    public class FollowUpPlugin : IPlugin
    {
        private readonly string _subjectPrefix;

        public FollowUpPlugin(string unsecureConfig, string secureConfig)
        {
            _subjectPrefix = string.IsNullOrEmpty(unsecureConfig) ? "Follow up" : unsecureConfig;
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
            var service = factory.CreateOrganizationService(context.UserId);

            if (!context.InputParameters.Contains("Target") || !(context.InputParameters["Target"] is Entity))
            {
                return;
            }

            var target = (Entity)context.InputParameters["Target"];
            tracing.Trace("net462 plug-in on {0} of {1} at depth {2}", context.MessageName, target.LogicalName, context.Depth);
            if (target.GetAttributeValue<string>("name") == "fail")
            {
                throw new InvalidPluginExecutionException("The net462 plug-in refused the name 'fail'.");
            }

            var task = new Entity("task");
            task["subject"] = _subjectPrefix + ": " + target.GetAttributeValue<string>("name");
            task["regardingobjectid"] = new EntityReference(target.LogicalName, context.PrimaryEntityId);
            task["runtime"] = Environment.Version.Major;
            var taskId = service.Create(task);

            var query = new QueryExpression("task") { ColumnSet = new ColumnSet("subject") };
            query.Criteria.AddCondition("regardingobjectid", ConditionOperator.Equal, context.PrimaryEntityId);
            var found = service.RetrieveMultiple(query).Entities.Count;

            var fetch = string.Format(
                "<fetch><entity name='task'><attribute name='subject'/><filter><condition attribute='taskid' operator='eq' value='{0}'/></filter>"
                + "<link-entity name='{1}' from='{1}id' to='regardingobjectid' alias='regarding'><attribute name='name'/></link-entity></entity></fetch>",
                taskId,
                target.LogicalName);
            var fetched = service.RetrieveMultiple(new FetchExpression(fetch)).Entities.Single();
            var who = (WhoAmIResponse)service.Execute(new WhoAmIRequest());

            var update = new Entity("task", taskId);
            update["tasksfound"] = found;
            update["regardingname"] = (string)fetched.GetAttributeValue<AliasedValue>("regarding.name").Value;
            update["whoami"] = who.UserId;
            update["framework"] = typeof(object).Assembly.GetName().Name;
            service.Update(update);
        }
    }
}
