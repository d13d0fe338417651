using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.PluginTelemetry;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Template
{
    /// <summary>
    /// A plug-in on the template: creates a follow-up task for a new account. An account named "missing" makes it
    /// retrieve a record that does not exist, so the template's fault handling refuses the operation.
    /// </summary>
    public class FollowUpPlugin : PluginBase
    {
        public FollowUpPlugin(string unsecureConfiguration, string secureConfiguration)
            : base(typeof(FollowUpPlugin))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext localPluginContext)
        {
            var context = localPluginContext.PluginExecutionContext;
            var account = ((Entity)context.InputParameters["Target"]).ToEntity<Account>();
            localPluginContext.Logger.LogInformation("Following up {Name}", account.Name);
            if (account.Name == "missing")
            {
                localPluginContext.PluginUserService.Retrieve("task", Guid.NewGuid(), new ColumnSet(true));
            }

            var contact = new Contact { LastName = "Owner of " + account.Name };
            account.account_primary_contact = contact;

            var task = new Entity("task");
            task["subject"] = "Template follow-up: " + account.Name;
            task["regardingobjectid"] = new EntityReference(Account.EntityLogicalName, context.PrimaryEntityId);
            task["hasnotificationservice"] = localPluginContext.NotificationService != null;
            task["navigation"] = account.account_primary_contact.LastName;
            localPluginContext.InitiatingUserService.Create(task);
        }
    }
}
