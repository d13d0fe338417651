using System;
using Microsoft.Xrm.Sdk;

namespace Fabrikam.Xrm.Plugins
{
    public class ContactPostUpdateImages : IPlugin
    {
        private const string PreImageAlias = "PreImage";
        private const string PostImageAlias = "PostImage";

        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory));
            var service = factory.CreateOrganizationService(null);

            if (context.Depth > 1)
            {
                tracer.Trace("Depth {0} > 1, exiting.", context.Depth);
                return;
            }

            if (context.MessageName != "Update" || context.PrimaryEntityName != "contact")
            {
                return;
            }

            Entity target = (Entity)context.InputParameters["Target"];
            Entity preImage = context.PreEntityImages.Contains(PreImageAlias) ? context.PreEntityImages[PreImageAlias] : null;
            Entity postImage;
            if (!context.PostEntityImages.TryGetValue(PostImageAlias, out postImage))
            {
                tracer.Trace("No post image registered.");
                return;
            }

            EntityReference oldParent = preImage != null ? preImage.GetAttributeValue<EntityReference>("parentcustomerid") : null;
            EntityReference newParent = postImage.GetAttributeValue<EntityReference>("parentcustomerid");

            if (oldParent != null && newParent != null && oldParent.Id == newParent.Id)
            {
                tracer.Trace("Parent unchanged ({0}).", newParent.Name);
                return;
            }

            DateTime? birthDate = postImage.GetAttributeValue<DateTime?>("birthdate");
            bool? doNotEmail = postImage.GetAttributeValue<bool?>("donotemail");
            decimal? creditLimit = postImage.GetAttributeValue<decimal?>("creditlimit");
            int? children = postImage.GetAttributeValue<int?>("numberofchildren");

            if (newParent != null && newParent.LogicalName == "account")
            {
                Entity account = new Entity("account", newParent.Id);
                account["description"] = string.Format("Contact {0} moved here on {1:u}", target.Id, DateTime.Now.ToUniversalTime());
                if (birthDate.HasValue)
                {
                    account["new_lastcontactbirthdate"] = birthDate.Value.ToUniversalTime();
                }

                account["new_donotemail"] = doNotEmail ?? false;
                account["creditlimit"] = new Money(creditLimit.GetValueOrDefault());
                account["new_children"] = children.GetValueOrDefault();
                service.Update(account);
            }

            if (target.FormattedValues.Contains("gendercode"))
            {
                tracer.Trace("Gender: {0}", target.FormattedValues["gendercode"]);
            }
        }
    }
}
