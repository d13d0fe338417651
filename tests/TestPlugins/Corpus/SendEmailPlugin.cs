using System;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Corpus.Plugins.Email
{
    public class SendWelcomeEmailPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);

            if (context.MessageName.Equals("Create", StringComparison.OrdinalIgnoreCase) == false)
            {
                return;
            }

            Entity contact = (Entity)context.InputParameters["Target"];

            Entity fromParty = new Entity("activityparty");
            fromParty["partyid"] = new EntityReference("systemuser", context.UserId);

            Entity toParty = new Entity("activityparty");
            toParty["partyid"] = new EntityReference("contact", contact.Id);

            Entity email = new Entity("email");
            email["from"] = new Entity[] { fromParty };
            email["to"] = new EntityCollection(new[] { toParty });
            email["subject"] = "Welcome " + contact.GetAttributeValue<string>("firstname");
            email["description"] = "<p>Thanks for registering.</p>";
            email["directioncode"] = true;
            email["regardingobjectid"] = new EntityReference("contact", contact.Id);
            Guid emailId = service.Create(email);

            var sendEmailRequest = new SendEmailRequest
            {
                EmailId = emailId,
                TrackingToken = string.Empty,
                IssueSend = true
            };
            var sendEmailResponse = (SendEmailResponse)service.Execute(sendEmailRequest);
            ((ITracingService)serviceProvider.GetService(typeof(ITracingService))).Trace("Sent: {0}", sendEmailResponse.Subject);
        }
    }
}
