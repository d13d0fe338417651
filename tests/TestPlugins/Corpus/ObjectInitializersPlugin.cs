using System;
using Microsoft.Xrm.Sdk;

namespace Corpus.Plugins.Initializers
{
    /// <summary>Sets defaults with the object-initializer style some code generators and authors prefer.</summary>
    public class DefaultsPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var target = (Entity)context.InputParameters["Target"];

            if (!target.Contains("industrycode"))
            {
                target["industrycode"] = new OptionSetValue { Value = 1 };
            }

            var credit = target.GetAttributeValue<Money>("creditlimit") ?? new Money();
            if (credit.Value < 1000m)
            {
                credit.Value = 1000m;
            }

            target["creditlimit"] = credit;

            var status = target.GetAttributeValue<OptionSetValue>("statuscode");
            if (status != null && status.Value == 0)
            {
                status.Value = 1;
            }

            target["primarycontactid"] = new EntityReference { LogicalName = "contact", Id = context.InitiatingUserId, Name = "Default contact" };
            target["new_discount"] = new Money { Value = Math.Round(credit.Value * 0.05m, 2) };
        }
    }
}
