using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace Corpus.Plugins.MultiSelect
{
    public class MultiSelectSyncPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var target = (Entity)context.InputParameters["Target"];

            OptionSetValueCollection interests = target.GetAttributeValue<OptionSetValueCollection>("new_interests");
            if (interests == null)
            {
                tracer.Trace("No interests selected.");
                return;
            }

            List<int> values = interests.Select(o => o.Value).ToList();
            tracer.Trace("Selected: {0}", string.Join(",", values));

            if (!interests.Contains(new OptionSetValue(1)))
            {
                interests.Add(new OptionSetValue(1));
            }

            var copy = new OptionSetValueCollection();
            foreach (OptionSetValue value in interests)
            {
                if (value.Value != 99)
                {
                    copy.Add(new OptionSetValue(value.Value));
                }
            }

            target["new_interests"] = copy;
            target["new_interestcount"] = copy.Count;

            string labels;
            if (target.FormattedValues.TryGetValue("new_interests", out labels))
            {
                tracer.Trace("Labels: {0}", labels);
            }

            var single = new OptionSetValueCollection(new List<OptionSetValue> { new OptionSetValue(7) });
            target["new_primaryinterest"] = single.FirstOrDefault();
        }
    }
}
