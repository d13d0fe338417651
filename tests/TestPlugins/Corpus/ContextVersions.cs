using System;
using Microsoft.Xrm.Sdk;

namespace Corpus.Plugins.Context
{
    public class ContextVersionsPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            var context2 = serviceProvider.GetService(typeof(IPluginExecutionContext2)) as IPluginExecutionContext2;
            if (context2 != null)
            {
                tracer.Trace("AAD user {0}, initiating AAD user {1}, app {2}, portals {3}, portal contact {4}",
                    context2.UserAzureActiveDirectoryObjectId, context2.InitiatingUserAzureActiveDirectoryObjectId,
                    context2.InitiatingUserApplicationId, context2.IsPortalsClientCall, context2.PortalsContactId);
            }

            var context3 = context as IPluginExecutionContext3;
            if (context3 != null)
            {
                tracer.Trace("Authenticated user {0}", context3.AuthenticatedUserId);
            }

            var context4 = (IPluginExecutionContext4)serviceProvider.GetService(typeof(IPluginExecutionContext4));
            if (context4 != null && context4.PreEntityImagesCollection != null)
            {
                tracer.Trace("{0} pre-image sets", context4.PreEntityImagesCollection.Length);
                foreach (EntityImageCollection images in context4.PostEntityImagesCollection)
                {
                    tracer.Trace("{0} post images", images.Count);
                }
            }

            var context5 = serviceProvider.GetService(typeof(IPluginExecutionContext5)) as IPluginExecutionContext5;
            if (context5 != null)
            {
                tracer.Trace("Initiating user agent {0}", context5.InitiatingUserAgent);
            }

            var context6 = serviceProvider.GetService(typeof(IPluginExecutionContext6)) as IPluginExecutionContext6;
            if (context6 != null)
            {
                tracer.Trace("Environment {0}, tenant {1}", context6.EnvironmentId, context6.TenantId);
            }

            var context7 = serviceProvider.GetService(typeof(IPluginExecutionContext7)) as IPluginExecutionContext7;
            if (context7 != null)
            {
                tracer.Trace("Application user {0}", context7.IsApplicationUser);
            }

            tracer.Trace("Request {0}, owning extension {1}, message {2}, secondary {3}",
                context.RequestId, context.OwningExtension != null ? context.OwningExtension.Id : Guid.Empty, context.MessageName, context.SecondaryEntityName);
        }
    }
}
