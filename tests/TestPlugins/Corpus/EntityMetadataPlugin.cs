using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Metadata;

namespace Corpus.Plugins.Metadata
{
    public class AuditChangesPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(null);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var request = new RetrieveEntityRequest
            {
                EntityFilters = EntityFilters.Attributes,
                LogicalName = context.PrimaryEntityName,
                RetrieveAsIfPublished = true
            };
            var response = (RetrieveEntityResponse)service.Execute(request);
            EntityMetadata metadata = response.EntityMetadata;
            tracer.Trace("{0} ({1}), primary id {2}, primary name {3}, type code {4}",
                metadata.LogicalName, metadata.DisplayName.UserLocalizedLabel != null ? metadata.DisplayName.UserLocalizedLabel.Label : metadata.SchemaName,
                metadata.PrimaryIdAttribute, metadata.PrimaryNameAttribute, metadata.ObjectTypeCode);

            var target = (Entity)context.InputParameters["Target"];
            var labels = new Dictionary<string, string>();
            foreach (AttributeMetadata attribute in metadata.Attributes)
            {
                if (!target.Contains(attribute.LogicalName))
                {
                    continue;
                }

                string label = attribute.DisplayName != null && attribute.DisplayName.UserLocalizedLabel != null
                    ? attribute.DisplayName.UserLocalizedLabel.Label
                    : attribute.LogicalName;
                labels[attribute.LogicalName] = label;

                if (attribute.AttributeType == AttributeTypeCode.Picklist)
                {
                    var picklist = (PicklistAttributeMetadata)attribute;
                    var value = target.GetAttributeValue<OptionSetValue>(attribute.LogicalName);
                    var option = value == null ? null : picklist.OptionSet.Options.FirstOrDefault(o => o.Value == value.Value);
                    tracer.Trace("{0} = {1}", label, option == null ? "(none)" : option.Label.UserLocalizedLabel.Label);
                }
                else if (attribute is MultiSelectPicklistAttributeMetadata)
                {
                    tracer.Trace("{0} is multi-select", label);
                }
                else if (attribute.AttributeType == AttributeTypeCode.Lookup || attribute.AttributeType == AttributeTypeCode.Customer || attribute.AttributeType == AttributeTypeCode.Owner)
                {
                    tracer.Trace("{0} is a lookup", label);
                }
                else if (attribute.AttributeType == AttributeTypeCode.Money || attribute.AttributeType == AttributeTypeCode.Decimal || attribute.AttributeType == AttributeTypeCode.DateTime || attribute.AttributeType == AttributeTypeCode.Boolean || attribute.AttributeType == AttributeTypeCode.String || attribute.AttributeType == AttributeTypeCode.Memo || attribute.AttributeType == AttributeTypeCode.Integer)
                {
                    tracer.Trace("{0} is {1}, custom {2}, valid for update {3}", label, attribute.AttributeType, attribute.IsCustomAttribute, attribute.IsValidForUpdate);
                }
            }

            var optionSetResponse = (RetrieveOptionSetResponse)service.Execute(new RetrieveOptionSetRequest { Name = "new_region" });
            var global = (OptionSetMetadata)optionSetResponse.OptionSetMetadata;
            foreach (OptionMetadata option in global.Options)
            {
                tracer.Trace("Region {0}: {1}", option.Value, option.Label.LocalizedLabels.First().Label);
            }

            tracer.Trace("Changed: {0}", string.Join(", ", labels.Values));
        }
    }
}
