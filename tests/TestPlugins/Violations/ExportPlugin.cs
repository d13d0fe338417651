using Microsoft.Xrm.Sdk;

namespace TestPlugins.Violations;

/// <summary>A valid plug-in type that writes to the file system from Execute.</summary>
public sealed class ExportPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        File.WriteAllText("/tmp/export.txt", context.PrimaryEntityId.ToString());
    }
}
