using System;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.AutoNumber
{
    public class AutoNumberPlugin : IPlugin
    {
        private readonly string prefix;

        public AutoNumberPlugin(string unsecureConfig)
        {
            prefix = string.IsNullOrEmpty(unsecureConfig) ? "INV" : unsecureConfig.Trim();
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
            var service = factory.CreateOrganizationService(null);

            if (!context.InputParameters.Contains("Target") || !(context.InputParameters["Target"] is Entity))
            {
                return;
            }

            var target = (Entity)context.InputParameters["Target"];
            if (target.Attributes.Contains("new_number") && target["new_number"] != null)
            {
                return;
            }

            var counterQuery = new QueryByAttribute("new_autonumber");
            counterQuery.ColumnSet = new ColumnSet("new_nextvalue");
            counterQuery.Attributes.AddRange("new_entityname");
            counterQuery.Values.AddRange(target.LogicalName);
            counterQuery.TopCount = 1;

            Entity counter = service.RetrieveMultiple(counterQuery).Entities.FirstOrDefault();
            int next = counter != null ? counter.GetAttributeValue<int>("new_nextvalue") : 1;

            target["new_number"] = string.Format(CultureInfo.InvariantCulture, "{0}-{1:D6}", prefix, next);

            if (counter == null)
            {
                counter = new Entity("new_autonumber");
                counter["new_entityname"] = target.LogicalName;
                counter["new_nextvalue"] = next + 1;
                service.Create(counter);
            }
            else
            {
                counter.Attributes["new_nextvalue"] = next + 1;
                service.Update(counter);
            }
        }
    }
}
