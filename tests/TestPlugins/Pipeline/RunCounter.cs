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
        // Task.Delay rather than Thread.Sleep, which the sandbox's API rules refuse: the assembly is registered sandboxed too.
        Task.Delay(int.Parse(unsecureConfig ?? "0", CultureInfo.InvariantCulture)).Wait();

        var context = serviceProvider.Context();
        var service = serviceProvider.Organization(null);
        var record = service.Retrieve(context.PrimaryEntityName, context.PrimaryEntityId, new ColumnSet("runs"));
        service.Update(new Entity(context.PrimaryEntityName, context.PrimaryEntityId) { ["runs"] = record.GetAttributeValue<int>("runs") + 1 });
    }
}
