using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Misc
{
    public class CloneRecordPlugin : IPlugin
    {
        private static readonly string[] SystemAttributes = { "createdon", "createdby", "modifiedon", "modifiedby", "ownerid", "statecode", "statuscode", "versionnumber" };

        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            EntityReference source = (EntityReference)context.InputParameters["Target"];
            Entity original = service.Retrieve(source.LogicalName, source.Id, new ColumnSet(true));
            tracer.Trace("Cloning {0} {1}, row version {2}", original.LogicalName, original.Id, original.RowVersion);

            Entity clone = new Entity(original.LogicalName);
            foreach (var attribute in original.Attributes.Where(a => !SystemAttributes.Contains(a.Key) && a.Key != original.LogicalName + "id"))
            {
                clone.Attributes[attribute.Key] = attribute.Value;
            }

            clone.Attributes.Remove("name");
            clone["name"] = original.GetAttributeValue<string>("name") + " (copy)";
            clone.Id = Guid.NewGuid();
            clone[original.LogicalName + "id"] = clone.Id;
            Guid newId = service.Create(clone);

            context.OutputParameters["CloneId"] = newId.ToString();
            context.OutputParameters["Clone"] = new EntityReference(clone.LogicalName, newId) { Name = (string)clone["name"] };

            var all = new EntityCollection { EntityName = "account" };
            all.Entities.Add(original);
            all.Entities.AddRange(new[] { clone });
            all.Entities.AddRange(new List<Entity>());
            tracer.Trace("Collection: {0} of {1}, total {2}, more {3}", all.Entities.Count, all.EntityName, all.TotalRecordCount, all.MoreRecords);

            var refs = new List<EntityReference> { original.ToEntityReference(), clone.ToEntityReference() };
            var distinct = refs.Distinct().Count();
            tracer.Trace("Distinct refs {0}; same {1}", distinct, refs[0].Equals(new EntityReference(original.LogicalName, original.Id)));

            Guid guid = original.GetAttributeValue<Guid>("accountid");
            object raw;
            if (original.Attributes.TryGetValue("revenue", out raw) && raw is Money)
            {
                tracer.Trace("Revenue {0}", ((Money)raw).Value);
            }

            var keys = original.Attributes.Keys.ToList();
            var valuesCount = original.Attributes.Values.Count(v => v != null);
            tracer.Trace("{0} keys, {1} values, {2}", keys.Count, valuesCount, guid);

            if (original.FormattedValues.ContainsKey("statuscode"))
            {
                tracer.Trace("Status: {0}", original.FormattedValues["statuscode"]);
            }

            bool hasName = original.Contains("name") && original["name"] != null;
            tracer.Trace("Has name: {0}", hasName);

            Entity image = new Entity("account", original.Id);
            image.Attributes.AddRange(new KeyValuePair<string, object>("name", "x"), new KeyValuePair<string, object>("telephone1", "y"));
            image.Attributes.Add("fax", "z");
            tracer.Trace("Image has {0}", image.Attributes.Count);
            image.SetAttributeValue("fax", null);
            var nested = new Entity("account") { ["name"] = "nested", Id = Guid.NewGuid() };
            tracer.Trace("Nested {0}", nested["name"]);
        }
    }
}
