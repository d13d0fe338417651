using System;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using Microsoft.Xrm.Sdk;

namespace BlueYonder.Plugins
{
    [DataContract]
    public class PluginSettings
    {
        [DataMember(Name = "prefix")]
        public string Prefix { get; set; }

        [DataMember(Name = "maxLength")]
        public int MaxLength { get; set; }

        [DataMember(Name = "enabled")]
        public bool Enabled { get; set; }
    }

    public class JsonConfigPlugin : IPlugin
    {
        private readonly PluginSettings settings;

        public JsonConfigPlugin(string unsecure, string secure)
        {
            if (string.IsNullOrWhiteSpace(unsecure))
            {
                settings = new PluginSettings { Prefix = "AUTO", MaxLength = 100, Enabled = true };
                return;
            }

            using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(unsecure)))
            {
                var serializer = new DataContractJsonSerializer(typeof(PluginSettings));
                settings = (PluginSettings)serializer.ReadObject(stream);
            }
        }

        public void Execute(IServiceProvider serviceProvider)
        {
            IPluginExecutionContext context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            ITracingService tracingService = (ITracingService)serviceProvider.GetService(typeof(ITracingService));

            if (!settings.Enabled)
            {
                tracingService.Trace("Disabled by configuration.");
                return;
            }

            Entity target;
            object targetObject;
            if (!context.InputParameters.TryGetValue("Target", out targetObject) || (target = targetObject as Entity) == null)
            {
                return;
            }

            string subject = target.GetAttributeValue<string>("subject") ?? string.Empty;
            string value = settings.Prefix + ": " + subject;
            target["subject"] = value.Length > settings.MaxLength ? value.Substring(0, settings.MaxLength) : value;

            using (var output = new MemoryStream())
            {
                new DataContractJsonSerializer(typeof(PluginSettings)).WriteObject(output, settings);
                tracingService.Trace("Settings: {0}", Encoding.UTF8.GetString(output.ToArray()));
            }
        }
    }
}
