using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;
using Microsoft.Xrm.Sdk.PluginTelemetry;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.EarlyBound
{
    /// <summary>
    /// PostOperation of Create on account: creates the account's primary contact through the organization service with
    /// early-bound instances, links it back with an early-bound Update, and reads it back as a Contact.
    /// </summary>
    public class ContactCreator : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = serviceProvider.Get<IPluginExecutionContext>();
            var logger = serviceProvider.Get<ILogger>();
            var service = serviceProvider.GetOrganizationService(context.UserId);
            var account = ((Entity)context.InputParameters["Target"]).ToEntity<Account>();
            var accountId = (Guid)context.OutputParameters["id"];

            var contact = new Contact
            {
                LastName = "Contact of " + account.Name,
                ParentCustomerId = new EntityReference(Account.EntityLogicalName, accountId),
            };
            var contactId = service.Create(contact);
            service.Update(new Account { Id = accountId, PrimaryContactId = new EntityReference(Contact.EntityLogicalName, contactId) });

            var stored = service.Retrieve(Contact.EntityLogicalName, contactId, new ColumnSet(true)).ToEntity<Contact>();
            using (logger.BeginScope("Contact for {AccountId}", accountId))
            {
                logger.LogWarning("Contact {LastName} created with parent {Parent}", stored.LastName, stored.ParentCustomerId.LogicalName);
            }
        }
    }
}
