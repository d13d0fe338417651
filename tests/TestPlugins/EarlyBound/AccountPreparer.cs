using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace TestPlugins.EarlyBound
{
    /// <summary>
    /// PreOperation of Create on account: fills typed properties of the Target through its early-bound view, logs
    /// through ILogger, and traces the later context members as key=value lines.
    /// </summary>
    public class AccountPreparer : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = serviceProvider.Get<IPluginExecutionContext7>();
            var tracing = serviceProvider.Get<ITracingService>();
            var logger = serviceProvider.Get<ILogger>();
            if (!context.InputParameters.Contains("Target") || !(context.InputParameters["Target"] is Entity))
            {
                return;
            }

            var account = ((Entity)context.InputParameters["Target"]).ToEntity<Account>();
            account.Description = "Prepared for " + account.Name;
            if (account.NumberOfEmployees == null)
            {
                account.NumberOfEmployees = 10;
            }

            account.IndustryCode = account_industrycode.Consulting;
            account.Categories = new[] { account_industrycode.Accounting, account_industrycode.Education };
            logger.LogInformation("Account {Name} prepared with {Employees} employees", account.Name, account.NumberOfEmployees);

            tracing.Trace("OrganizationName={0}", context.OrganizationName);
            tracing.Trace("OrganizationId={0}", context.OrganizationId);
            tracing.Trace("EnvironmentId={0}", context.EnvironmentId);
            tracing.Trace("TenantId={0}", context.TenantId);
            tracing.Trace("BusinessUnitId={0}", context.BusinessUnitId);
            tracing.Trace("SecondaryEntityName={0}", context.SecondaryEntityName);
            tracing.Trace("OwningExtension={0}:{1}:{2}", context.OwningExtension.LogicalName, context.OwningExtension.Id, context.OwningExtension.Name);
            tracing.Trace("RequestId={0}", context.RequestId);
            tracing.Trace("InitiatingUserAgent={0}", context.InitiatingUserAgent);
            tracing.Trace("AuthenticatedUserId={0}", context.AuthenticatedUserId);
            tracing.Trace("InitiatingUserId={0}", context.InitiatingUserId);
            tracing.Trace("IsApplicationUser={0}", context.IsApplicationUser);
            tracing.Trace("IsPortalsClientCall={0}", context.IsPortalsClientCall);
            tracing.Trace("IsExecutingOffline={0}", context.IsExecutingOffline);
            tracing.Trace("PreEntityImagesCollection={0}", context.PreEntityImagesCollection.Length);
            tracing.Trace("SameContextForEveryVersion={0}",
                ReferenceEquals(serviceProvider.Get<IPluginExecutionContext2>(), context)
                && ReferenceEquals(serviceProvider.Get<IPluginExecutionContext3>(), context)
                && ReferenceEquals(serviceProvider.Get<IPluginExecutionContext4>(), context)
                && ReferenceEquals(serviceProvider.Get<IPluginExecutionContext5>(), context)
                && ReferenceEquals(serviceProvider.Get<IPluginExecutionContext6>(), context)
                && ReferenceEquals(serviceProvider.Get<IPluginExecutionContext>(), context));
            tracing.Trace("UnknownService={0}", serviceProvider.GetService(typeof(System.Text.StringBuilder)) == null ? "null" : "something");
        }
    }
}
