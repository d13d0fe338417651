using System;
using System.Globalization;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Contoso.Xrm.Framework
{
    /// <summary>A hand-written base class, as many teams had before Microsoft's template.</summary>
    public abstract class BasePlugin : IPlugin
    {
        protected BasePlugin()
        {
        }

        protected BasePlugin(string unsecureConfiguration, string secureConfiguration)
        {
            UnsecureConfiguration = unsecureConfiguration;
            SecureConfiguration = secureConfiguration;
        }

        protected string UnsecureConfiguration { get; private set; }

        protected string SecureConfiguration { get; private set; }

        protected class LocalContext
        {
            public LocalContext(IServiceProvider serviceProvider)
            {
                if (serviceProvider == null)
                {
                    throw new ArgumentNullException("serviceProvider");
                }

                PluginExecutionContext = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
                TracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
                var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
                OrganizationService = factory.CreateOrganizationService(PluginExecutionContext.UserId);
                SystemService = factory.CreateOrganizationService(null);
            }

            public IPluginExecutionContext PluginExecutionContext { get; private set; }

            public ITracingService TracingService { get; private set; }

            public IOrganizationService OrganizationService { get; private set; }

            public IOrganizationService SystemService { get; private set; }

            public Entity Target
            {
                get
                {
                    return PluginExecutionContext.InputParameters.Contains("Target") ? PluginExecutionContext.InputParameters["Target"] as Entity : null;
                }
            }

            public void Trace(string message)
            {
                if (string.IsNullOrWhiteSpace(message) || TracingService == null)
                {
                    return;
                }

                if (PluginExecutionContext == null)
                {
                    TracingService.Trace(message);
                }
                else
                {
                    TracingService.Trace("{0}, Correlation Id: {1}, Initiating User: {2}", message, PluginExecutionContext.CorrelationId, PluginExecutionContext.InitiatingUserId);
                }
            }
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            var localContext = new LocalContext(serviceProvider);
            localContext.Trace(string.Format(CultureInfo.InvariantCulture, "Entered {0}.Execute()", GetType().Name));
            try
            {
                ExecutePlugin(localContext);
            }
            catch (FaultException<OrganizationServiceFault> e)
            {
                localContext.Trace(string.Format(CultureInfo.InvariantCulture, "Exception: {0}", e.ToString()));
                throw new InvalidPluginExecutionException(OperationStatus.Failed, e.Detail.ErrorCode, e.Detail.Message);
            }
            finally
            {
                localContext.Trace(string.Format(CultureInfo.InvariantCulture, "Exiting {0}.Execute()", GetType().Name));
            }
        }

        protected abstract void ExecutePlugin(LocalContext localContext);
    }

    public class LeadQualifyPlugin : BasePlugin
    {
        public LeadQualifyPlugin(string unsecure, string secure)
            : base(unsecure, secure)
        {
        }

        protected override void ExecutePlugin(LocalContext localContext)
        {
            var context = localContext.PluginExecutionContext;
            switch (context.MessageName)
            {
                case "Create":
                case "Update":
                    var target = localContext.Target;
                    if (target != null && target.Contains("companyname"))
                    {
                        target["new_companyupper"] = ((string)target["companyname"]).ToUpperInvariant();
                    }

                    break;
                case "QualifyLead":
                    localContext.Trace("Qualifying lead " + context.PrimaryEntityId);
                    break;
                default:
                    throw new InvalidPluginExecutionException(string.Format("Unexpected message {0}", context.MessageName));
            }
        }
    }
}
