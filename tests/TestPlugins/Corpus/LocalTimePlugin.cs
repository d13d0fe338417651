using System;
using System.Linq;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Time
{
    public class LocalTimePlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            int? timeZoneCode = RetrieveCurrentUsersSettings(service);
            if (!timeZoneCode.HasValue)
            {
                throw new InvalidPluginExecutionException("Can't find time zone code");
            }

            var request = new LocalTimeFromUtcTimeRequest
            {
                TimeZoneCode = timeZoneCode.Value,
                UtcTime = DateTime.Now.ToUniversalTime()
            };
            var response = (LocalTimeFromUtcTimeResponse)service.Execute(request);
            tracer.Trace("Local time {0:g}", response.LocalTime);

            var back = (UtcTimeFromLocalTimeResponse)service.Execute(new UtcTimeFromLocalTimeRequest { TimeZoneCode = timeZoneCode.Value, LocalTime = response.LocalTime });
            tracer.Trace("UTC {0:o}", back.UtcTime);

            var target = (Entity)context.InputParameters["Target"];
            target["new_localcreated"] = response.LocalTime.ToString("yyyy-MM-dd HH:mm");
            DateTime due = target.GetAttributeValue<DateTime>("scheduledend");
            if (due == DateTime.MinValue)
            {
                target["scheduledend"] = DateTime.UtcNow.Date.AddDays(3);
            }
        }

        private static int? RetrieveCurrentUsersSettings(IOrganizationService service)
        {
            var currentUserSettings = service.RetrieveMultiple(
                new QueryExpression("usersettings")
                {
                    ColumnSet = new ColumnSet("localeid", "timezonecode"),
                    Criteria = new FilterExpression
                    {
                        Conditions = { new ConditionExpression("systemuserid", ConditionOperator.EqualUserId) }
                    }
                }).Entities.FirstOrDefault();

            return currentUserSettings == null ? (int?)null : (int?)currentUserSettings.Attributes["timezonecode"];
        }
    }
}
