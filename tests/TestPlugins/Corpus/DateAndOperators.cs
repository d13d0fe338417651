using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Dates
{
    public class ReminderPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var query = new QueryExpression("task") { ColumnSet = new ColumnSet("subject", "scheduledend", "ownerid") };
            query.Criteria.AddCondition("scheduledend", ConditionOperator.Today);
            query.Criteria.AddCondition("createdon", ConditionOperator.ThisMonth);
            query.Criteria.AddCondition("modifiedon", ConditionOperator.OlderThanXDays, 7);
            query.Criteria.AddCondition("actualend", ConditionOperator.NextXWeeks, 2);
            query.Criteria.AddCondition("ownerid", ConditionOperator.EqualUserOrUserTeams);
            query.Criteria.AddCondition("subject", ConditionOperator.DoesNotContain, "spam");
            query.Criteria.AddCondition("new_tags", ConditionOperator.ContainValues, 1, 2);
            query.Criteria.AddCondition("scheduledstart", ConditionOperator.OnOrBefore, DateTime.Today);
            query.Criteria.AddCondition("prioritycode", ConditionOperator.GreaterEqual, 1);
            query.Criteria.AddCondition("actualdurationminutes", ConditionOperator.LessEqual, 60);
            query.Criteria.AddCondition("subject", ConditionOperator.EndsWith, "!");
            query.Criteria.AddCondition("regardingobjectid", ConditionOperator.Under, context.PrimaryEntityId);
            query.Criteria.AddCondition("createdon", ConditionOperator.InFiscalYear, DateTime.Today.Year);
            query.Criteria.AddCondition("createdon", ConditionOperator.NotBetween, DateTime.Today.AddDays(-1), DateTime.Today);
            query.Criteria.AddCondition("statecode", ConditionOperator.NotEqual, 2);

            var tasks = service.RetrieveMultiple(query);
            foreach (var task in tasks.Entities)
            {
                DateTime end = task.GetAttributeValue<DateTime>("scheduledend");
                DateTime local = end.Kind == DateTimeKind.Utc ? end.ToLocalTime() : end;
                TimeSpan remaining = end.ToUniversalTime() - DateTime.UtcNow;
                tracer.Trace("{0} due {1:yyyy-MM-dd HH:mm} ({2:F1} h)", task["subject"], local, remaining.TotalHours);
            }

            var last = tasks.Entities.OrderBy(t => t.GetAttributeValue<DateTime?>("scheduledend") ?? DateTime.MaxValue).LastOrDefault();
            if (last != null)
            {
                var reminder = new Entity("task");
                reminder["subject"] = "Reminder";
                reminder["scheduledend"] = DateTime.SpecifyKind(DateTime.Today.AddDays(1), DateTimeKind.Utc);
                reminder["ownerid"] = last.GetAttributeValue<EntityReference>("ownerid");
                reminder["regardingobjectid"] = new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId);
                reminder["prioritycode"] = new OptionSetValue(2);
                reminder["actualdurationminutes"] = 30;
                service.Create(reminder);
            }
        }
    }
}
