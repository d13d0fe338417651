using System;
using System.Linq;
using Corpus.Model;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.EarlyBound
{
    public class OpportunityWonPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var target = ((Entity)context.InputParameters["Target"]).ToEntity<Opportunity>();
            if (target.StatusCode != Opportunity_StatusCode.Won)
            {
                return;
            }

            Opportunity pre = context.PreEntityImages.ContainsKey("pre") ? context.PreEntityImages["pre"].ToEntity<Opportunity>() : new Opportunity();
            EntityReference customer = target.CustomerId ?? pre.CustomerId;
            if (customer == null || customer.LogicalName != Account.EntityLogicalName)
            {
                return;
            }

            var account = service.Retrieve(Account.EntityLogicalName, customer.Id, new ColumnSet("name", "revenue")).ToEntity<Account>();
            decimal current = account.Revenue == null ? 0m : account.Revenue.Value;
            decimal won = (target.EstimatedValue ?? pre.EstimatedValue ?? new Money(0m)).Value;

            var update = new Account { Id = account.Id, Revenue = new Money(current + won) };
            service.Update(update);
            tracer.Trace("{0}: revenue {1} -> {2}", account.Name, current, current + won);

            if (target.new_Regions != null && target.new_Regions.Any(r => r.Value == 100000001))
            {
                var regions = new OptionSetValueCollection(target.new_Regions.ToList());
                regions.Add(new OptionSetValue(100000002));
                var followUp = new Opportunity(target.Id) { new_Regions = regions };
                service.Update(followUp);
            }

            var viaKey = new Opportunity("new_externalid", "EXT-" + target.Id.ToString("N"));
            tracer.Trace("Key attributes: {0}", viaKey.KeyAttributes.Count);
            var byKey = new EntityReference(Opportunity.EntityLogicalName, "new_externalid", "EXT-1");
            tracer.Trace("Key reference: {0}", byKey.KeyAttributes["new_externalid"]);

            var keys = new KeyAttributeCollection();
            keys.Add("accountnumber", "A-001");
            var accountByKey = new EntityReference("account", keys);
            tracer.Trace("Alternate key reference has {0} keys, state {1}", accountByKey.KeyAttributes.Count, target.EntityState);

            var generic = new Entity("opportunity");
            generic["name"] = "Generic";
            generic.EntityState = EntityState.Created;
            Opportunity typed = generic.ToEntity<Opportunity>();
            tracer.Trace("Typed name {0}", typed.Name);
            Entity back = typed.ToEntity<Entity>();
            tracer.Trace("Back {0}", back.LogicalName);
        }
    }

    public static class EarlyBoundQueries
    {
        public static T RetrieveTyped<T>(this IOrganizationService service, Guid id, params string[] columns) where T : Entity, new()
        {
            var logicalName = new T().LogicalName;
            return service.Retrieve(logicalName, id, new ColumnSet(columns)).ToEntity<T>();
        }

        public static Opportunity[] OpenOpportunities(IOrganizationService service, Guid accountId)
        {
            var query = new QueryExpression(Opportunity.EntityLogicalName)
            {
                ColumnSet = new ColumnSet(Opportunity.Fields.Name, Opportunity.Fields.EstimatedValue),
            };
            query.Criteria.AddCondition(Opportunity.Fields.CustomerId, ConditionOperator.Equal, accountId);
            query.Criteria.AddCondition(Opportunity.Fields.StateCode, ConditionOperator.Equal, (int)OpportunityState.Open);
            return service.RetrieveMultiple(query).Entities.Select(e => e.ToEntity<Opportunity>()).ToArray();
        }
    }
}
