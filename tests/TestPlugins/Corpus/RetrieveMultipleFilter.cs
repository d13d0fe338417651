using System;
using System.Linq;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Security
{
    /// <summary>Hides confidential records by rewriting the query in PreOperation of RetrieveMultiple.</summary>
    public class HideConfidentialRecords : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            if (context.MessageName != "RetrieveMultiple" || !context.InputParameters.Contains("Query"))
            {
                return;
            }

            object query = context.InputParameters["Query"];
            if (query is QueryExpression)
            {
                var qe = (QueryExpression)query;
                if (qe.EntityName == "account")
                {
                    qe.Criteria.AddCondition("new_confidential", ConditionOperator.NotEqual, true);
                    tracer.Trace("Filtered QueryExpression");
                }
            }
            else if (query is FetchExpression)
            {
                var fetch = (FetchExpression)query;
                XDocument doc = XDocument.Parse(fetch.Query);
                XElement entity = doc.Descendants("entity").First();
                entity.Add(new XElement("filter",
                    new XAttribute("type", "and"),
                    new XElement("condition",
                        new XAttribute("attribute", "new_confidential"),
                        new XAttribute("operator", "ne"),
                        new XAttribute("value", "1"))));
                context.InputParameters["Query"] = new FetchExpression(doc.ToString());
                tracer.Trace("Filtered FetchExpression");
            }
            else if (query is QueryByAttribute)
            {
                tracer.Trace("QueryByAttribute on {0}", ((QueryByAttribute)query).EntityName);
            }
        }
    }

    /// <summary>Masks a column in the results of RetrieveMultiple and Retrieve (PostOperation).</summary>
    public class MaskResults : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            if (context.MessageName == "RetrieveMultiple" && context.OutputParameters.Contains("BusinessEntityCollection"))
            {
                var results = (EntityCollection)context.OutputParameters["BusinessEntityCollection"];
                foreach (Entity e in results.Entities.Where(x => x.Contains("telephone1")))
                {
                    e["telephone1"] = "***";
                }

                results.Entities.Add(new Entity(results.EntityName ?? "account") { Id = Guid.NewGuid() });
                context.OutputParameters["BusinessEntityCollection"] = results;
            }
            else if (context.MessageName == "Retrieve" && context.OutputParameters["BusinessEntity"] is Entity)
            {
                var entity = (Entity)context.OutputParameters["BusinessEntity"];
                if (entity.Attributes.ContainsKey("telephone1"))
                {
                    entity.Attributes.Remove("telephone1");
                }

                var columns = (ColumnSet)context.InputParameters["ColumnSet"];
                if (!columns.AllColumns && columns.Columns.Contains("fax"))
                {
                    entity["fax"] = null;
                }
            }
        }
    }
}
