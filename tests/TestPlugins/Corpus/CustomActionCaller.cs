using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Actions
{
    public class CallPricingActionPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            Entity post = context.PostEntityImages.Values.FirstOrDefault();
            tracer.Trace("Images: {0}; inputs: {1}", string.Join(",", context.PostEntityImages.Keys), string.Join(",", context.InputParameters.Keys.ToArray()));

            var request = new OrganizationRequest { RequestName = "new_CalculatePrice" };
            request.Parameters.Add("Target", new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId));
            request["Quantity"] = post != null ? post.GetAttributeValue<decimal>("quantity") : 1m;

            OrganizationResponse response;
            try
            {
                response = service.Execute(request);
            }
            catch (FaultException<OrganizationServiceFault> ex)
            {
                throw new InvalidPluginExecutionException(string.Format("{0} failed with {1:X}: {2}", request.RequestName, ex.Detail.ErrorCode, ex.Detail.Message), ex);
            }

            var price = (Money)response["Price"];
            var lines = response.Results.Contains("Lines") ? (EntityCollection)response.Results["Lines"] : new EntityCollection();
            tracer.Trace("{0} returned {1} with {2} lines ({3} results)", response.ResponseName, price.Value, lines.Entities.Count, response.Results.Count);

            foreach (KeyValuePair<string, object> result in response.Results)
            {
                tracer.Trace("  {0} = {1}", result.Key, result.Value);
            }

            var update = new Entity(context.PrimaryEntityName, context.PrimaryEntityId);
            update["priceperunit"] = price;
            service.Update(update);

            Entity[] asArray = lines.Entities.ToArray();
            var query = new QueryExpression("product") { ColumnSet = new ColumnSet("name") };
            var filter = new FilterExpression(LogicalOperator.Or);
            foreach (var line in asArray)
            {
                filter.AddCondition("productid", ConditionOperator.Equal, line.GetAttributeValue<EntityReference>("productid").Id);
            }

            query.Criteria.AddFilter(filter);
            query.PageInfo = new PagingInfo { Count = 50, PageNumber = 1, ReturnTotalRecordCount = true };
            var products = service.RetrieveMultiple(query);
            tracer.Trace("{0} products of {1} (limit exceeded {2})", products.Entities.Count, products.TotalRecordCount, products.TotalRecordCountLimitExceeded);

            var fault = new OrganizationServiceFault { ErrorCode = -2147220891, Message = "Pricing failed" };
            if (price.Value < 0)
            {
                throw new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));
            }
        }
    }
}
