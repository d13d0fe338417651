using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Litware.Plugins
{
    public class OpportunityTotalsPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            IOrganizationServiceFactory factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
            IOrganizationService service = factory.CreateOrganizationService(context.UserId);
            ITracingService tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            Entity opportunity = (Entity)context.InputParameters["Target"];
            EntityReference customer = opportunity.GetAttributeValue<EntityReference>("customerid");
            if (customer == null)
            {
                return;
            }

            string fetchXml = string.Format(@"
<fetch version='1.0' output-format='xml-platform' mapping='logical' distinct='false' aggregate='true'>
  <entity name='opportunity'>
    <attribute name='opportunityid' alias='opportunity_count' aggregate='count' />
    <filter type='and'>
      <condition attribute='customerid' operator='eq' value='{0}' />
      <condition attribute='statecode' operator='eq' value='0' />
    </filter>
  </entity>
</fetch>", customer.Id);

            EntityCollection result = service.RetrieveMultiple(new FetchExpression(fetchXml));
            int count = 0;
            if (result.Entities.Count > 0 && result.Entities[0].Contains("opportunity_count"))
            {
                count = (int)((AliasedValue)result.Entities[0]["opportunity_count"]).Value;
            }

            tracing.Trace("Customer {0} has {1} open opportunities", customer.Id, count);

            string linked = $@"<fetch top='50'>
  <entity name='contact'>
    <attribute name='fullname' />
    <attribute name='emailaddress1' />
    <order attribute='fullname' descending='false' />
    <link-entity name='account' from='accountid' to='parentcustomerid' alias='acc' link-type='outer'>
      <attribute name='name' />
      <attribute name='accountnumber' />
    </link-entity>
    <filter>
      <condition attribute='parentcustomerid' operator='eq' value='{customer.Id}' />
    </filter>
  </entity>
</fetch>";

            var contacts = service.RetrieveMultiple(new FetchExpression(linked));
            foreach (var c in contacts.Entities)
            {
                string accountName = c.Contains("acc.name") ? (string)c.GetAttributeValue<AliasedValue>("acc.name").Value : string.Empty;
                AliasedValue number = c.GetAttributeValue<AliasedValue>("acc.accountnumber");
                tracing.Trace("{0} ({1}) - {2} {3}", c.GetAttributeValue<string>("fullname"), c.GetAttributeValue<string>("emailaddress1"), accountName, number != null ? number.AttributeLogicalName + "@" + number.EntityLogicalName : "-");
            }

            var emails = contacts.Entities.Where(e => e.Contains("emailaddress1")).Select(e => e["emailaddress1"].ToString()).ToArray();
            Entity update = new Entity("opportunity", opportunity.Id);
            update["description"] = string.Join(";", emails);
            update["new_opencount"] = count;
            service.Update(update);
        }
    }
}
