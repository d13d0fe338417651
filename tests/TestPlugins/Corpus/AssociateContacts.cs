using System;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Relecloud.Plugins
{
    public class AssociateMarketingListPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            ITracingService tracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            IOrganizationService service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);

            if (context.MessageName == "Associate" || context.MessageName == "Disassociate")
            {
                if (context.InputParameters.Contains("Relationship"))
                {
                    Relationship rel = (Relationship)context.InputParameters["Relationship"];
                    tracingService.Trace("Relationship: {0}", rel.SchemaName);
                    if (rel.SchemaName != "new_contact_new_event")
                    {
                        return;
                    }

                    EntityReference targetRef = (EntityReference)context.InputParameters["Target"];
                    EntityReferenceCollection related = (EntityReferenceCollection)context.InputParameters["RelatedEntities"];
                    foreach (EntityReference r in related)
                    {
                        tracingService.Trace("{0} {1} -> {2}:{3}", context.MessageName, targetRef.Id, r.LogicalName, r.Id);
                    }
                }

                return;
            }

            Entity target = (Entity)context.InputParameters["Target"];
            EntityReference eventRef = target.GetAttributeValue<EntityReference>("new_eventid");
            if (eventRef == null)
            {
                return;
            }

            try
            {
                var relatedEntities = new EntityReferenceCollection();
                relatedEntities.Add(new EntityReference("contact", target.Id));
                var relationship = new Relationship("new_contact_new_event");
                service.Associate(eventRef.LogicalName, eventRef.Id, relationship, relatedEntities);

                AssociateRequest request = new AssociateRequest
                {
                    Target = eventRef,
                    RelatedEntities = new EntityReferenceCollection { new EntityReference("account", target.GetAttributeValue<EntityReference>("parentcustomerid").Id) },
                    Relationship = new Relationship("new_account_new_event") { PrimaryEntityRole = EntityRole.Referencing }
                };
                service.Execute(request);

                service.Disassociate(eventRef.LogicalName, eventRef.Id, new Relationship("new_contact_new_event_old"), new EntityReferenceCollection(new[] { target.ToEntityReference() }));
            }
            catch (FaultException<OrganizationServiceFault> ex)
            {
                tracingService.Trace("Associate failed: {0}", ex.Detail.TraceText);
                if (ex.Detail.ErrorCode == -2147220937)
                {
                    return;
                }

                throw new InvalidPluginExecutionException("Could not link contact to event: " + ex.Detail.Message, ex);
            }
        }
    }
}
