using System;
using System.Globalization;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace Corpus.Plugins.Modern
{
    /// <summary>A base class in the shape of the one 'pac plugin init' writes.</summary>
    public abstract class PluginBase : IPlugin
    {
        protected string PluginClassName { get; }

        internal PluginBase(Type pluginClassName)
        {
            PluginClassName = pluginClassName.ToString();
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            if (serviceProvider == null)
            {
                throw new InvalidPluginExecutionException(nameof(serviceProvider));
            }

            var localPluginContext = new LocalPluginContext(serviceProvider);
            localPluginContext.Trace($"Entered {PluginClassName}.Execute() Correlation Id: {localPluginContext.PluginExecutionContext.CorrelationId}, Initiating User: {localPluginContext.PluginExecutionContext.InitiatingUserId}");

            try
            {
                ExecuteDataversePlugin(localPluginContext);
                return;
            }
            catch (FaultException<OrganizationServiceFault> orgServiceFault)
            {
                localPluginContext.Trace($"Exception: {orgServiceFault.ToString()}");
                throw new InvalidPluginExecutionException($"OrganizationServiceFault: {orgServiceFault.Message}", orgServiceFault);
            }
            finally
            {
                localPluginContext.Trace($"Exiting {PluginClassName}.Execute()");
            }
        }

        protected virtual void ExecuteDataversePlugin(ILocalPluginContext localPluginContext)
        {
        }
    }

    public interface ILocalPluginContext
    {
        IOrganizationService InitiatingUserService { get; }

        IOrganizationService PluginUserService { get; }

        IPluginExecutionContext PluginExecutionContext { get; }

        IServiceEndpointNotificationService NotificationService { get; }

        ITracingService TracingService { get; }

        ILogger Logger { get; }

        void Trace(string message, [System.Runtime.CompilerServices.CallerMemberName] string method = null);
    }

    public class LocalPluginContext : ILocalPluginContext
    {
        public IOrganizationService InitiatingUserService { get; }

        public IOrganizationService PluginUserService { get; }

        public IPluginExecutionContext PluginExecutionContext { get; }

        public IServiceEndpointNotificationService NotificationService { get; }

        public ITracingService TracingService { get; }

        public IServiceProvider ServiceProvider { get; }

        public IOrganizationServiceFactory OrgSvcFactory { get; }

        public ILogger Logger { get; }

        public LocalPluginContext(IServiceProvider serviceProvider)
        {
            if (serviceProvider == null)
            {
                throw new InvalidPluginExecutionException(nameof(serviceProvider));
            }

            ServiceProvider = serviceProvider;
            Logger = serviceProvider.Get<ILogger>();
            PluginExecutionContext = serviceProvider.Get<IPluginExecutionContext>();
            TracingService = new LocalTracingService(serviceProvider);
            NotificationService = serviceProvider.Get<IServiceEndpointNotificationService>();
            OrgSvcFactory = serviceProvider.Get<IOrganizationServiceFactory>();
            PluginUserService = serviceProvider.GetOrganizationService(PluginExecutionContext.UserId);
            InitiatingUserService = serviceProvider.GetOrganizationService(PluginExecutionContext.InitiatingUserId);
        }

        public void Trace(string message, [System.Runtime.CompilerServices.CallerMemberName] string method = null)
        {
            if (string.IsNullOrWhiteSpace(message) || TracingService == null)
            {
                return;
            }

            if (method != null)
            {
                TracingService.Trace($"[{method}] - {message}");
            }
            else
            {
                TracingService.Trace($"{message}");
            }
        }
    }

    public class LocalTracingService : ITracingService
    {
        private readonly ITracingService _tracingService;
        private DateTime _previousTraceTime;

        public LocalTracingService(IServiceProvider serviceProvider)
        {
            DateTime utcNow = DateTime.UtcNow;
            var context = (IExecutionContext)serviceProvider.GetService(typeof(IExecutionContext));
            DateTime initialTimestamp = context.OperationCreatedOn;
            if (initialTimestamp > utcNow)
            {
                initialTimestamp = utcNow;
            }

            _tracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            _previousTraceTime = initialTimestamp;
        }

        public void Trace(string message, params object[] args)
        {
            var utcNow = DateTime.UtcNow;
            var deltaMilliseconds = utcNow.Subtract(_previousTraceTime).TotalMilliseconds;
            try
            {
                if (args == null || args.Length == 0)
                {
                    _tracingService.Trace($"[+{deltaMilliseconds:N0}ms)] - {message}");
                }
                else
                {
                    _tracingService.Trace($"[+{deltaMilliseconds:N0}ms)] - {string.Format(CultureInfo.InvariantCulture, message, args)}");
                }
            }
            catch (FormatException ex)
            {
                throw new InvalidPluginExecutionException($"Failed to write trace message due to error {ex.Message}", ex);
            }

            _previousTraceTime = utcNow;
        }
    }

    public class AccountNumberPlugin : PluginBase
    {
        public AccountNumberPlugin(string unsecureConfiguration, string secureConfiguration)
            : base(typeof(AccountNumberPlugin))
        {
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext localPluginContext)
        {
            if (localPluginContext == null)
            {
                throw new ArgumentNullException(nameof(localPluginContext));
            }

            var context = localPluginContext.PluginExecutionContext;
            if (context.InputParameters.TryGetValue("Target", out Entity target))
            {
                localPluginContext.Logger.LogInformation("Target {0}", target.LogicalName);
                target["accountnumber"] = "A" + new Random().Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
                if (target.TryGetAttributeValue("numberofemployees", out int employees) && employees > 1000)
                {
                    target["new_isenterprise"] = true;
                }

                if (target.TryGetAttributeValue<EntityReference>("primarycontactid", out var contact))
                {
                    localPluginContext.Trace($"Primary contact {contact?.Id}");
                }
            }

            if (context.PreEntityImages.TryGetValue("PreImage", out Entity pre))
            {
                localPluginContext.Trace($"Pre-image name: {pre.GetAttributeValue<string>("name")}");
            }
        }
    }
}
