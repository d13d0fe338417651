using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.CustomApi
{
    /// <summary>The implementation of a custom API 'new_SearchCustomers' with typed request and response parameters.</summary>
    public class SearchCustomersApi : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);

            if (!context.MessageName.Equals("new_SearchCustomers", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidPluginExecutionException(OperationStatus.Failed, "Registered on the wrong message: " + context.MessageName);
            }

            string term = context.InputParameters.Contains("SearchTerm") ? (string)context.InputParameters["SearchTerm"] : null;
            int top = context.InputParameters.Contains("Top") && context.InputParameters["Top"] != null ? (int)context.InputParameters["Top"] : 10;
            var owner = context.InputParameters.Contains("Owner") ? context.InputParameters["Owner"] as EntityReference : null;
            var minRevenue = context.InputParameters.Contains("MinRevenue") ? context.InputParameters["MinRevenue"] as Money : null;
            var category = context.InputParameters.Contains("Category") ? context.InputParameters["Category"] as OptionSetValue : null;
            if (string.IsNullOrWhiteSpace(term))
            {
                throw new InvalidPluginExecutionException("SearchTerm is required.");
            }

            var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name", "revenue"), TopCount = top };
            query.Criteria.AddCondition("name", ConditionOperator.Like, "%" + term + "%");
            if (owner != null)
            {
                query.Criteria.AddCondition("ownerid", ConditionOperator.Equal, owner.Id);
            }

            if (minRevenue != null)
            {
                query.Criteria.AddCondition("revenue", ConditionOperator.GreaterThan, minRevenue.Value);
            }

            if (category != null)
            {
                query.Criteria.AddCondition("accountcategorycode", ConditionOperator.Equal, category.Value);
            }

            EntityCollection found = service.RetrieveMultiple(query);
            context.OutputParameters["Results"] = found;
            context.OutputParameters["Count"] = found.Entities.Count;
            context.OutputParameters["First"] = found.Entities.Select(e => e.ToEntityReference()).FirstOrDefault();
            context.OutputParameters["Summary"] = Summarize(found.Entities.FirstOrDefault());
            tracer.Trace("Returned {0} results", found.Entities.Count);
        }

        private static string Summarize(Entity entity)
        {
            if (entity == null)
            {
                return string.Empty;
            }

            var builder = new StringBuilder();
            using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = true }))
            {
                writer.WriteStartElement(entity.LogicalName);
                writer.WriteAttributeString("id", entity.Id.ToString());
                foreach (var attribute in entity.Attributes)
                {
                    writer.WriteElementString(attribute.Key, attribute.Value == null ? string.Empty : attribute.Value.ToString());
                }

                writer.WriteEndElement();
            }

            return builder.ToString();
        }
    }
}
