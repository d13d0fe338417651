using System;
using Microsoft.Xrm.Sdk;

namespace Corpus.Plugins.Pipeline
{
    public class PreStageSharedVariable : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            context.SharedVariables["PrimaryContact"] = Guid.NewGuid().ToString();
            context.SharedVariables.Add("StartedAt", DateTime.UtcNow);
        }
    }

    public class PostStageSharedVariable : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            if (context.SharedVariables.Contains("PrimaryContact"))
            {
                Guid contact = new Guid((string)context.SharedVariables["PrimaryContact"]);
                tracer.Trace("Shared contact {0}", contact);
            }

            object started;
            if (context.SharedVariables.TryGetValue("StartedAt", out started) && started is DateTime)
            {
                tracer.Trace("Elapsed {0} ms", (DateTime.UtcNow - (DateTime)started).TotalMilliseconds);
            }

            IPluginExecutionContext parent = context.ParentContext;
            while (parent != null)
            {
                tracer.Trace("Parent: {0} {1} stage {2}", parent.MessageName, parent.PrimaryEntityName, parent.Stage);
                if (parent.SharedVariables.ContainsKey("PrimaryContact"))
                {
                    tracer.Trace("Found variable on parent context");
                }

                parent = parent.ParentContext;
            }

            switch (context.Stage)
            {
                case 10:
                    tracer.Trace("PreValidation");
                    break;
                case 20:
                    tracer.Trace("PreOperation");
                    break;
                case 40:
                    tracer.Trace("PostOperation, mode {0}, isolation {1}", context.Mode, context.IsolationMode);
                    break;
            }

            tracer.Trace("Org {0} ({1}), BU {2}, operation {3} at {4}, in transaction {5}, offline {6}",
                context.OrganizationName, context.OrganizationId, context.BusinessUnitId, context.OperationId, context.OperationCreatedOn, context.IsInTransaction, context.IsExecutingOffline);

            foreach (var parameter in context.InputParameters)
            {
                tracer.Trace("Input {0} = {1}", parameter.Key, parameter.Value);
            }

            foreach (var parameter in context.OutputParameters)
            {
                tracer.Trace("Output {0} = {1}", parameter.Key, parameter.Value);
            }

            if (context.OutputParameters.Contains("id"))
            {
                Guid created = (Guid)context.OutputParameters["id"];
                tracer.Trace("Created {0}", created);
            }
        }
    }
}
