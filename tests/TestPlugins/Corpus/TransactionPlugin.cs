using System;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Transactions
{
    public class InvoiceLinesPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            if (context.MessageName == "Delete")
            {
                var reference = (EntityReference)context.InputParameters["Target"];
                var pre = context.PreEntityImages["PreImage"];
                tracer.Trace("Deleting {0} {1} named {2}", reference.LogicalName, reference.Id, pre.GetAttributeValue<string>("name"));
                return;
            }

            var transaction = new ExecuteTransactionRequest
            {
                Requests = new OrganizationRequestCollection(),
                ReturnResponses = true
            };

            for (int i = 1; i <= 3; i++)
            {
                var line = new Entity("invoicedetail");
                line["invoiceid"] = new EntityReference("invoice", context.PrimaryEntityId);
                line["quantity"] = (decimal)i;
                line["priceperunit"] = new Money(10m * i);
                line["isproductoverridden"] = true;
                line["productdescription"] = "Line " + i;
                var create = new CreateRequest { Target = line };
                create.Parameters.Add("SuppressDuplicateDetection", true);
                transaction.Requests.Add(create);
            }

            var header = new Entity("invoice", context.PrimaryEntityId) { RowVersion = "12345" };
            header["description"] = "Lines added";
            transaction.Requests.Add(new UpdateRequest { Target = header });

            try
            {
                var response = (ExecuteTransactionResponse)service.Execute(transaction);
                foreach (var r in response.Responses.OfType<CreateResponse>())
                {
                    tracer.Trace("Created line {0}", r.id);
                }

                tracer.Trace("{0} responses, first {1}", response.Responses.Count, response.Responses[0].Results["id"]);
            }
            catch (FaultException<OrganizationServiceFault> ex)
            {
                int index = ex.Detail.ErrorDetails.Contains("FaultedRequestIndex") ? (int)ex.Detail.ErrorDetails["FaultedRequestIndex"] : -1;
                throw new InvalidPluginExecutionException(string.Format("Request {0} failed: {1}", index, ex.Detail.Message), ex);
            }

            var bypass = new UpdateRequest { Target = new Entity("invoice", context.PrimaryEntityId) };
            bypass.Target["name"] = "Updated";
            bypass["BypassCustomPluginExecution"] = true;
            service.Execute(bypass);

            var retrieved = ((RetrieveResponse)service.Execute(new RetrieveRequest { Target = new EntityReference("invoice", context.PrimaryEntityId), ColumnSet = new ColumnSet(true) })).Entity;
            tracer.Trace("Row version {0}", retrieved.RowVersion);
        }
    }
}
