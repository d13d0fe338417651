using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Pipeline;

/// <summary>
/// Holds its operation open until released: logs "gate waiting: &lt;config&gt;" (to the host's log), then waits until a
/// <c>gate</c> record named its configuration exists, read through the organization service (committed by another
/// request; READ COMMITTED sees it), and fails after two minutes as a safety net. No time in a test depends on it:
/// the test releases it when it has seen what it waits for. Polls with Task.Delay (no Thread, no file system).
/// </summary>
public sealed class Gate(string? unsecureConfig) : IPlugin
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromMinutes(2);

    public void Execute(IServiceProvider serviceProvider)
    {
        var name = unsecureConfig ?? "gate";
        var logger = (Microsoft.Xrm.Sdk.PluginTelemetry.ILogger)serviceProvider.GetService(typeof(Microsoft.Xrm.Sdk.PluginTelemetry.ILogger))!;
        logger.LogInformation("gate waiting: {0}", name);
        var service = serviceProvider.Organization(null);
        var query = new QueryExpression("gate") { ColumnSet = new ColumnSet(false) };
        query.Criteria.AddCondition("name", ConditionOperator.Equal, name);
        var deadline = DateTime.UtcNow + SafetyTimeout;
        while (service.RetrieveMultiple(query).Entities.Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidPluginExecutionException($"gate '{name}' was not released within {SafetyTimeout.TotalMinutes} minutes");
            }

            Task.Delay(20).Wait();
        }
    }
}
