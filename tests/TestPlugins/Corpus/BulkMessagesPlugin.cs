using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Bulk
{
    /// <summary>Rolls order totals up to the account, reading ids into collections for In conditions.</summary>
    public class OrderTotalsPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var accounts = service.RetrieveMultiple(new QueryExpression("account")
            {
                ColumnSet = new ColumnSet("accountid"),
                Criteria = { Conditions = { new ConditionExpression("parentaccountid", ConditionOperator.Equal, context.PrimaryEntityId) } }
            });

            List<Guid> ids = accounts.Entities.Select(a => a.Id).ToList();
            ids.Add(context.PrimaryEntityId);
            Guid[] idArray = ids.ToArray();

            var orders = new QueryExpression("salesorder") { ColumnSet = new ColumnSet("totalamount", "customerid") };
            orders.Criteria.AddCondition(new ConditionExpression("customerid", ConditionOperator.In, ids));
            orders.Criteria.AddCondition("customerid", ConditionOperator.In, ids.Cast<object>().ToArray());
            orders.Criteria.Conditions.Add(new ConditionExpression("customerid", ConditionOperator.In, idArray));

            decimal total = service.RetrieveMultiple(orders).Entities
                .Where(o => o.Contains("totalamount"))
                .Sum(o => o.GetAttributeValue<Money>("totalamount").Value);

            var perCustomer = service.RetrieveMultiple(orders).Entities
                .GroupBy(o => o.GetAttributeValue<EntityReference>("customerid").Id)
                .ToDictionary(g => g.Key, g => g.Sum(o => o.GetAttributeValue<Money>("totalamount")?.Value ?? 0m));

            tracer.Trace("Total {0:N2} over {1} customers", total, perCustomer.Count);

            var update = new Entity("account") { Id = context.PrimaryEntityId };
            update.Attributes["new_grouptotal"] = new Money(total);
            update.Attributes["new_customers"] = perCustomer.Count;
            service.Update(update);

            var aliased = new AliasedValue("salesorder", "totalamount", new Money(total));
            tracer.Trace("{0}.{1} = {2}", aliased.EntityLogicalName, aliased.AttributeLogicalName, ((Money)aliased.Value).Value);
        }
    }
}
