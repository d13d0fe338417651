using System;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Faults
{
    public class SafeRetrievePlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.InitiatingUserId);

            Entity record = null;
            try
            {
                record = service.Retrieve("account", context.PrimaryEntityId, new ColumnSet(new[] { "name", "ownerid" }));
            }
            catch (FaultException<OrganizationServiceFault> ex) when (ex.Detail.ErrorCode == -2147220969)
            {
                tracer.Trace("Record not found: {0}", ex.Detail.Message);
                return;
            }
            catch (FaultException<OrganizationServiceFault> ex)
            {
                OrganizationServiceFault fault = ex.Detail;
                tracer.Trace("Timestamp: {0}", fault.Timestamp);
                tracer.Trace("Code: {0}", fault.ErrorCode);
                tracer.Trace("Message: {0}", fault.Message);
                tracer.Trace("Trace: {0}", fault.TraceText);
                tracer.Trace("Inner Fault: {0}", null == fault.InnerFault ? "No Inner Fault" : "Has Inner Fault");
                if (fault.ErrorDetails != null && fault.ErrorDetails.Count > 0)
                {
                    foreach (var detail in fault.ErrorDetails)
                    {
                        tracer.Trace("Detail {0}: {1}", detail.Key, detail.Value);
                    }
                }

                throw new InvalidPluginExecutionException("The following error occurred: " + ex.Message, ex);
            }
            catch (TimeoutException ex)
            {
                throw new InvalidPluginExecutionException(ex.Message, ex);
            }
            catch (InvalidPluginExecutionException)
            {
                throw;
            }
            catch (Exception ex)
            {
                tracer.Trace("Unexpected: {0}", ex);
                throw new InvalidPluginExecutionException(OperationStatus.Failed, "Unexpected error: " + ex.Message);
            }

            EntityReference owner = record.GetAttributeValue<EntityReference>("ownerid");
            tracer.Trace("{0} is owned by {1} ({2})", record["name"], owner.Name, owner.LogicalName);
        }
    }

    public class ValidationErrorPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var target = context.InputParameters["Target"] as Entity;
            if (target == null)
            {
                return;
            }

            var end = target.GetAttributeValue<DateTime?>("scheduledend");
            var start = target.GetAttributeValue<DateTime?>("scheduledstart");
            if (start.HasValue && end.HasValue && end.Value.ToUniversalTime() < start.Value.ToUniversalTime())
            {
                var ex = new InvalidPluginExecutionException(OperationStatus.Failed, -2147220891, "End must be after start.");
                throw ex;
            }

            if (start.HasValue && start.Value.Kind == DateTimeKind.Local)
            {
                target["scheduledstart"] = start.Value.ToUniversalTime();
            }

            try
            {
                throw new InvalidPluginExecutionException("inner");
            }
            catch (InvalidPluginExecutionException e)
            {
                if (e.Status != OperationStatus.Failed)
                {
                    throw new InvalidPluginExecutionException(e.Message, e);
                }
            }
        }
    }
}
