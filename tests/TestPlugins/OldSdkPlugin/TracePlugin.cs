using System;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.OldSdkPlugin
{
    /// <summary>Traces one line: enough to show that its IPlugin and ITracingService are the host's.</summary>
    public class TracePlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            tracing.Trace("built against SDK {0}", "5.0.0.0");
        }
    }
}
