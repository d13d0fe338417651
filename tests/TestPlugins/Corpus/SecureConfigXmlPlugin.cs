using System;
using System.Xml;
using Microsoft.Xrm.Sdk;

namespace Humongous.Plugins
{
    /// <summary>A plug-in configured with XML in its unsecure configuration.</summary>
    public class SecureConfigXmlPlugin : IPlugin
    {
        private readonly string _unsecureConfig;
        private readonly string _secureConfig;
        private readonly string _apiUrl;
        private readonly int _retryCount;

        public SecureConfigXmlPlugin(string unsecureConfig, string secureConfig)
        {
            _unsecureConfig = unsecureConfig;
            _secureConfig = secureConfig;
            _retryCount = 3;

            if (!string.IsNullOrEmpty(unsecureConfig))
            {
                XmlDocument doc = new XmlDocument();
                doc.LoadXml(unsecureConfig);
                XmlNode node = doc.SelectSingleNode("//Settings/setting[@name='ApiUrl']");
                if (node != null)
                {
                    _apiUrl = node.Attributes["value"].Value;
                }

                XmlNode retry = doc.SelectSingleNode("//Settings/setting[@name='RetryCount']");
                if (retry != null)
                {
                    int.TryParse(retry.Attributes["value"].Value, out _retryCount);
                }
            }
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            var tracer = (ITracingService)serviceProvider.GetService(typeof(ITracingService));
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));

            tracer.Trace("Config: {0}, secure config present: {1}, url {2}, retries {3}", _unsecureConfig, !string.IsNullOrEmpty(_secureConfig), _apiUrl, _retryCount);

            if (context.Stage != 20 && context.Stage != 40)
            {
                throw new InvalidPluginExecutionException("Register this step on PreOperation or PostOperation.");
            }

            if (context.Mode == 1)
            {
                tracer.Trace("Asynchronous execution.");
            }
        }
    }
}
