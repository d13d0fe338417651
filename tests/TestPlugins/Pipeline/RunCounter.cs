using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Pipeline;

/// <summary>
/// Async: waits for its configuration in milliseconds (none by default), then adds one to the "runs" attribute of the
/// record that triggered it, through the organization service, so every run that took effect shows on its own record.
/// </summary>
public sealed class RunCounter(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var pause = int.Parse(unsecureConfig ?? "0", CultureInfo.InvariantCulture);
        if (pause > 0)
        {
            Thread.Sleep(pause);
        }

        var context = serviceProvider.Context();
        var service = serviceProvider.Organization(null);
        var record = service.Retrieve(context.PrimaryEntityName, context.PrimaryEntityId, new ColumnSet("runs"));
        service.Update(new Entity(context.PrimaryEntityName, context.PrimaryEntityId) { ["runs"] = record.GetAttributeValue<int>("runs") + 1 });
    }
}
