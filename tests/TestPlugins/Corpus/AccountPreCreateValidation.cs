using System;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Contoso.Plugins.Account
{
    /// <summary>Validates an account before it is created.</summary>
    public class AccountPreCreateValidation : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            ITracingService tracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));

            if (context.InputParameters.Contains("Target") && context.InputParameters["Target"] is Entity)
            {
                Entity entity = (Entity)context.InputParameters["Target"];
                if (entity.LogicalName != "account")
                {
                    return;
                }

                IOrganizationServiceFactory serviceFactory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
                IOrganizationService service = serviceFactory.CreateOrganizationService(context.UserId);

                try
                {
                    tracingService.Trace("AccountPreCreateValidation: depth {0}, stage {1}", context.Depth, context.Stage);
                    if (!entity.Attributes.Contains("accountnumber"))
                    {
                        entity["accountnumber"] = "ACC-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
                    }

                    string name = entity.GetAttributeValue<string>("name");
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        throw new InvalidPluginExecutionException("Account name is required.");
                    }

                    Money revenue = entity.GetAttributeValue<Money>("revenue");
                    if (revenue != null && revenue.Value < 0)
                    {
                        throw new InvalidPluginExecutionException(OperationStatus.Failed, "Revenue cannot be negative.");
                    }

                    OptionSetValue category = entity.GetAttributeValue<OptionSetValue>("accountcategorycode");
                    if (category == null)
                    {
                        entity["accountcategorycode"] = new OptionSetValue(1);
                    }
                }
                catch (FaultException<OrganizationServiceFault> ex)
                {
                    throw new InvalidPluginExecutionException("An error occurred in AccountPreCreateValidation.", ex);
                }
                catch (Exception ex)
                {
                    tracingService.Trace("AccountPreCreateValidation: {0}", ex.ToString());
                    throw;
                }
            }
        }
    }
}
