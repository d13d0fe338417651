using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Metadata;

namespace Proseware.Xrm.Common
{
    public static class MetadataHelper
    {
        public static string GetOptionSetLabel(IOrganizationService service, string entityName, string attributeName, int value)
        {
            var request = new RetrieveAttributeRequest
            {
                EntityLogicalName = entityName,
                LogicalName = attributeName,
                RetrieveAsIfPublished = true
            };

            var response = (RetrieveAttributeResponse)service.Execute(request);
            var metadata = (PicklistAttributeMetadata)response.AttributeMetadata;
            OptionMetadata option = metadata.OptionSet.Options.FirstOrDefault(o => o.Value == value);
            if (option == null)
            {
                return null;
            }

            return option.Label.UserLocalizedLabel != null
                ? option.Label.UserLocalizedLabel.Label
                : option.Label.LocalizedLabels.Where(l => l.LanguageCode == 1033).Select(l => l.Label).FirstOrDefault();
        }

        public static string GetStatusLabel(IOrganizationService service, string entityName, int statusValue)
        {
            RetrieveAttributeResponse response = (RetrieveAttributeResponse)service.Execute(new RetrieveAttributeRequest
            {
                EntityLogicalName = entityName,
                LogicalName = "statuscode",
                RetrieveAsIfPublished = false
            });

            StatusAttributeMetadata status = response.AttributeMetadata as StatusAttributeMetadata;
            if (status == null)
            {
                return string.Empty;
            }

            foreach (OptionMetadata option in status.OptionSet.Options)
            {
                if (option.Value == statusValue)
                {
                    return option.Label.UserLocalizedLabel.Label;
                }
            }

            return string.Empty;
        }
    }

    public class SetCategoryTextPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var target = (Entity)context.InputParameters["Target"];
            var code = target.GetAttributeValue<OptionSetValue>("customertypecode");
            if (code != null)
            {
                target["new_customertypetext"] = MetadataHelper.GetOptionSetLabel(service, target.LogicalName, "customertypecode", code.Value);
            }
        }
    }
}
