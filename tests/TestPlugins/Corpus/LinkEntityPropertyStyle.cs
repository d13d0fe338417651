using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Links
{
    public class ContactRolesPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var query = new QueryExpression
            {
                EntityName = "contact",
                ColumnSet = new ColumnSet(new string[] { "fullname", "jobtitle" }),
                Criteria = new FilterExpression(LogicalOperator.And),
                LinkEntities =
                {
                    new LinkEntity
                    {
                        LinkFromEntityName = "contact",
                        LinkFromAttributeName = "parentcustomerid",
                        LinkToEntityName = "account",
                        LinkToAttributeName = "accountid",
                        JoinOperator = JoinOperator.Inner,
                        Columns = new ColumnSet("name", "industrycode"),
                        EntityAlias = "a",
                        LinkCriteria =
                        {
                            FilterOperator = LogicalOperator.And,
                            Conditions =
                            {
                                new ConditionExpression("statecode", ConditionOperator.Equal, 0),
                                new ConditionExpression("industrycode", ConditionOperator.In, new object[] { 1, 2, 3 })
                            }
                        }
                    }
                }
            };

            query.Criteria.AddCondition("a", "name", ConditionOperator.NotNull);
            query.Criteria.Conditions.Add(new ConditionExpression("a", "accountnumber", ConditionOperator.BeginsWith, "A"));
            query.Criteria.Conditions.AddRange(
                new ConditionExpression("jobtitle", ConditionOperator.NotNull),
                new ConditionExpression("createdon", ConditionOperator.OnOrAfter, DateTime.UtcNow.AddYears(-1)));

            LinkEntity owner = query.LinkEntities[0].AddLink("systemuser", "ownerid", "systemuserid");
            owner.EntityAlias = "u";
            owner.Columns = new ColumnSet("fullname");
            owner.JoinOperator = JoinOperator.LeftOuter;

            query.Orders.Add(new OrderExpression { AttributeName = "fullname", OrderType = OrderType.Ascending });

            EntityCollection results = service.RetrieveMultiple(query);
            for (int i = 0; i < results.Entities.Count; i++)
            {
                Entity row = results[i];
                var accountName = row.GetAttributeValue<AliasedValue>("a.name");
                var industry = row.Contains("a.industrycode") ? (OptionSetValue)((AliasedValue)row["a.industrycode"]).Value : null;
                var ownerName = row.Attributes.Contains("u.fullname") ? row.GetAttributeValue<AliasedValue>("u.fullname").Value as string : "(none)";
                tracer.Trace("{0} | {1} | {2} | {3}", row["fullname"], accountName == null ? string.Empty : accountName.Value, industry == null ? -1 : industry.Value, ownerName);
            }

            var grouped = results.Entities
                .GroupBy(e => e.GetAttributeValue<string>("jobtitle"))
                .Select(g => new { Title = g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count)
                .ToList();
            foreach (var g in grouped)
            {
                tracer.Trace("{0}: {1}", g.Title, g.Count);
            }

            List<Entity> list = results.Entities.ToList();
            var copy = new EntityCollection(list) { EntityName = "contact", MoreRecords = false };
            tracer.Trace("Copy has {0}; order by {1} {2}", copy.Entities.Count, query.Orders[0].AttributeName, query.Orders[0].OrderType);

            foreach (LinkEntity link in query.LinkEntities)
            {
                tracer.Trace("{0} -> {1} ({2}) as {3}", link.LinkFromEntityName, link.LinkToEntityName, link.JoinOperator, link.EntityAlias);
                foreach (var nested in link.LinkEntities)
                {
                    tracer.Trace("  nested {0}", nested.LinkToEntityName);
                }
            }

            foreach (ConditionExpression condition in query.Criteria.Conditions)
            {
                tracer.Trace("{0}.{1} {2} {3}", condition.EntityName, condition.AttributeName, condition.Operator, string.Join(",", condition.Values.Select(v => v == null ? "null" : v.ToString())));
            }
        }
    }
}
