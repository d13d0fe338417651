using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace Corpus.Plugins.Telemetry
{
    public class TelemetryLoggerPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var logger = (ILogger)serviceProvider.GetService(typeof(ILogger));
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));

            using (logger.BeginScope("Plugin {0}", nameof(TelemetryLoggerPlugin)))
            {
                logger.LogInformation("Message {0} on {1}", context.MessageName, context.PrimaryEntityName);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Depth {0}", context.Depth);
                }

                try
                {
                    if (context.PrimaryEntityId == Guid.Empty)
                    {
                        throw new InvalidOperationException("No primary entity id.");
                    }

                    logger.LogTrace("Primary id {0}", context.PrimaryEntityId);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Failed for {0}", context.PrimaryEntityName);
                    logger.LogWarning("Continuing without id");
                    logger.Log(LogLevel.Critical, new EventId(1001, "NoId"), ex, "Critical: {0}", ex.Message);
                }

                logger.AddCustomProperty("Depth", context.Depth.ToString());
            }
        }
    }
}
