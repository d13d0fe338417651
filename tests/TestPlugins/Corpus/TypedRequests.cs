using System;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Woodgrove.Plugins
{
    public class CaseRoutingPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            IOrganizationServiceFactory factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
            IOrganizationService service = factory.CreateOrganizationService(context.UserId);
            IOrganizationService adminService = factory.CreateOrganizationService(null);
            ITracingService tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            WhoAmIResponse whoAmI = (WhoAmIResponse)service.Execute(new WhoAmIRequest());
            tracer.Trace("Running as {0} in {1} / {2}", whoAmI.UserId, whoAmI.BusinessUnitId, whoAmI.OrganizationId);

            var retrieve = new RetrieveRequest
            {
                Target = new EntityReference("incident", context.PrimaryEntityId),
                ColumnSet = new ColumnSet("title", "ownerid", "prioritycode")
            };
            var incident = ((RetrieveResponse)service.Execute(retrieve)).Entity;

            OptionSetValue priority = incident.GetAttributeValue<OptionSetValue>("prioritycode");
            if (priority != null && priority.Value == 1)
            {
                EntityReference queueOwner = new EntityReference("team", new Guid("11111111-2222-3333-4444-555555555555"));
                var assign = new AssignRequest
                {
                    Assignee = queueOwner,
                    Target = incident.ToEntityReference()
                };
                adminService.Execute(assign);
            }

            var create = new CreateRequest { Target = new Entity("task") };
            create.Target["subject"] = "Follow up: " + incident.GetAttributeValue<string>("title");
            create.Target["regardingobjectid"] = incident.ToEntityReference();
            CreateResponse created = (CreateResponse)service.Execute(create);
            tracer.Trace("Created task {0}", created.id);

            var setState = new SetStateRequest
            {
                EntityMoniker = new EntityReference("task", created.id),
                State = new OptionSetValue(1),
                Status = new OptionSetValue(5)
            };
            service.Execute(setState);

            var upsert = new UpsertRequest { Target = new Entity("new_caselog", "new_caseid", incident.Id.ToString()) };
            upsert.Target["new_title"] = incident.GetAttributeValue<string>("title");
            var upsertResponse = (UpsertResponse)service.Execute(upsert);
            tracer.Trace("Upsert {0}: {1}", upsertResponse.RecordCreated ? "created" : "updated", upsertResponse.Target.Id);

            var delete = new DeleteRequest { Target = new EntityReference("task", created.id) };
            service.Execute(delete);

            OrganizationRequest custom = new OrganizationRequest("new_RecalculateSla");
            custom["Target"] = incident.ToEntityReference();
            custom.Parameters["Force"] = true;
            OrganizationResponse response = service.Execute(custom);
            if (response.Results.Contains("Result"))
            {
                tracer.Trace("Custom action result: {0}", response.Results["Result"]);
            }

            object output;
            if (response.Results.TryGetValue("Message", out output))
            {
                tracer.Trace("Message: {0}", output);
            }

            var rm = new RetrieveMultipleRequest { Query = new QueryExpression("task") { ColumnSet = new ColumnSet("subject"), TopCount = 10 } };
            var rmResponse = (RetrieveMultipleResponse)service.Execute(rm);
            tracer.Trace("{0} tasks", rmResponse.EntityCollection.Entities.Count);
        }
    }
}
