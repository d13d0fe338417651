using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Queries
{
    public class DuplicateDetectionPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var target = (Entity)context.InputParameters["Target"];
            string email = target.GetAttributeValue<string>("emailaddress1");
            string phone = target.GetAttributeValue<string>("telephone1");

            QueryExpression query = new QueryExpression
            {
                EntityName = "contact",
                ColumnSet = new ColumnSet { AllColumns = false },
                Distinct = true
            };
            query.ColumnSet.AddColumns("fullname", "emailaddress1");
            query.ColumnSet.AddColumn("telephone1");

            FilterExpression or = query.Criteria.AddFilter(LogicalOperator.Or);
            or.AddCondition("emailaddress1", ConditionOperator.Equal, email);
            or.AddCondition("telephone1", ConditionOperator.Equal, phone);
            or.AddCondition(new ConditionExpression("mobilephone", ConditionOperator.In, new object[] { phone, "n/a" }));

            var active = new FilterExpression(LogicalOperator.And);
            active.Conditions.Add(new ConditionExpression("statecode", ConditionOperator.Equal, 0));
            active.Conditions.Add(new ConditionExpression("contactid", ConditionOperator.NotEqual, target.Id));
            active.Conditions.Add(new ConditionExpression("createdon", ConditionOperator.LastXDays, 30));
            active.Conditions.Add(new ConditionExpression("description", ConditionOperator.Like, "%dup%"));
            active.Conditions.Add(new ConditionExpression("birthdate", ConditionOperator.Null));
            active.Conditions.Add(new ConditionExpression("ownerid", ConditionOperator.EqualUserId));
            query.Criteria.Filters.Add(active);
            query.Criteria.FilterOperator = LogicalOperator.And;

            LinkEntity link = new LinkEntity("contact", "account", "parentcustomerid", "accountid", JoinOperator.Inner);
            link.Columns = new ColumnSet("name");
            link.EntityAlias = "parent";
            link.LinkCriteria.AddCondition("statecode", ConditionOperator.Equal, 0);
            query.LinkEntities.Add(link);

            LinkEntity owner = query.AddLink("systemuser", "ownerid", "systemuserid", JoinOperator.LeftOuter);
            owner.Columns.AddColumns("fullname", "internalemailaddress");
            owner.EntityAlias = "owner";
            var ownerCondition = new ConditionExpression();
            ownerCondition.AttributeName = "isdisabled";
            ownerCondition.Operator = ConditionOperator.Equal;
            ownerCondition.Values.Add(false);
            owner.LinkCriteria.Conditions.Add(ownerCondition);

            query.Orders.Add(new OrderExpression("createdon", OrderType.Descending));
            query.TopCount = 5;

            EntityCollection duplicates = service.RetrieveMultiple(query);
            if (duplicates.Entities.Any())
            {
                var names = string.Join(", ", duplicates.Entities.Select(d => d.GetAttributeValue<string>("fullname") + " @ " + (d.GetAttributeValue<AliasedValue>("parent.name")?.Value ?? "?")));
                tracing.Trace("Possible duplicates: {0}", names);
                throw new InvalidPluginExecutionException(OperationStatus.Canceled, "A contact with this e-mail or phone already exists: " + names);
            }

            var between = new QueryExpression("appointment") { ColumnSet = ColumnSetAll() };
            between.Criteria.AddCondition("scheduledstart", ConditionOperator.Between, DateTime.Today.AddDays(-7), DateTime.Today);
            between.Criteria.AddCondition("regardingobjectid", ConditionOperator.NotNull);
            between.Criteria.AddCondition("subject", ConditionOperator.BeginsWith, "Call");
            between.Criteria.AddCondition("prioritycode", ConditionOperator.NotIn, 0, 2);
            between.AddOrder("scheduledstart", OrderType.Ascending);
            tracing.Trace("{0} recent appointments", service.RetrieveMultiple(between).Entities.Count);
        }

        private static ColumnSet ColumnSetAll()
        {
            var columns = new ColumnSet();
            columns.AllColumns = true;
            return columns;
        }
    }
}
