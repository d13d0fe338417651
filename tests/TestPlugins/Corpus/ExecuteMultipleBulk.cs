using System;
using System.Collections.Generic;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Tailspin.Plugins
{
    public class BulkUpdateLinesPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);

            var lines = service.RetrieveMultiple(new QueryByAttribute("salesorderdetail")
            {
                ColumnSet = new ColumnSet("quantity", "priceperunit"),
                Attributes = { "salesorderid" },
                Values = { context.PrimaryEntityId }
            });

            var multipleRequest = new ExecuteMultipleRequest()
            {
                Settings = new ExecuteMultipleSettings()
                {
                    ContinueOnError = true,
                    ReturnResponses = true
                },
                Requests = new OrganizationRequestCollection()
            };

            foreach (var line in lines.Entities)
            {
                var entity = new Entity("salesorderdetail", line.Id);
                entity["new_discountapplied"] = true;
                UpdateRequest updateRequest = new UpdateRequest { Target = entity };
                multipleRequest.Requests.Add(updateRequest);
            }

            var log = new Entity("new_log");
            log["new_name"] = "Bulk update of " + lines.Entities.Count;
            multipleRequest.Requests.Add(new CreateRequest { Target = log });

            try
            {
                ExecuteMultipleResponse multipleResponse = (ExecuteMultipleResponse)service.Execute(multipleRequest);
                foreach (var responseItem in multipleResponse.Responses)
                {
                    if (responseItem.Fault != null)
                    {
                        tracingService.Trace("Request {0} failed: {1} ({2})", responseItem.RequestIndex, responseItem.Fault.Message, responseItem.Fault.ErrorCode);
                    }
                    else if (responseItem.Response != null)
                    {
                        tracingService.Trace("Request {0} succeeded: {1}", responseItem.RequestIndex, responseItem.Response.ResponseName);
                    }
                }

                if (multipleResponse.IsFaulted)
                {
                    tracingService.Trace("Some requests failed.");
                }
            }
            catch (FaultException<OrganizationServiceFault> ex)
            {
                tracingService.Trace("ExecuteMultiple failed: {0} {1}", ex.Detail.ErrorCode, ex.Detail.Message);
                throw new InvalidPluginExecutionException(ex.Message, ex);
            }
        }
    }
}
