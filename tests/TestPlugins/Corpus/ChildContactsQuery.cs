using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Northwind.Crm.Plugins
{
    /// <summary>Copies the account's phone number to every active contact of the account.</summary>
    public sealed class ChildContactsQuery : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            IOrganizationService service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            ITracingService trace = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            Entity account = context.InputParameters["Target"] as Entity;
            if (account == null || !account.Contains("telephone1"))
            {
                return;
            }

            Guid id = account.Id;
            var query = new QueryExpression("contact")
            {
                ColumnSet = new ColumnSet("fullname", "telephone1"),
                Criteria =
                {
                    Conditions =
                    {
                        new ConditionExpression("parentcustomerid", ConditionOperator.Equal, id),
                        new ConditionExpression("statecode", ConditionOperator.Equal, 0)
                    }
                }
            };
            query.AddOrder("fullname", OrderType.Ascending);
            query.NoLock = true;

            EntityCollection contacts = service.RetrieveMultiple(query);
            trace.Trace("Found {0} contacts of {1}", contacts.Entities.Count, contacts.EntityName);

            List<string> names = contacts.Entities.Select(c => c.GetAttributeValue<string>("fullname")).ToList();
            trace.Trace("Names: {0}", string.Join(", ", names));

            foreach (Entity contact in contacts.Entities)
            {
                var update = new Entity(contact.LogicalName) { Id = contact.Id };
                update["telephone1"] = account["telephone1"];
                service.Update(update);
            }

            Entity first = contacts.Entities.FirstOrDefault();
            if (first != null)
            {
                trace.Trace("First contact: {0}", first.Id);
            }

            var byName = contacts.Entities.Where(e => e.Attributes.ContainsKey("fullname")).ToDictionary(e => e.Id, e => (string)e["fullname"]);
            trace.Trace("{0} named contacts", byName.Count);
        }
    }
}
