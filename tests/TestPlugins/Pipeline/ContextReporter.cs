using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.Pipeline;

/// <summary>Traces every context field as key=value lines, and its configuration strings.</summary>
public sealed class ContextReporter(string? unsecureConfig, string? secureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var tracing = serviceProvider.Tracing();
        var sameObject = ReferenceEquals(serviceProvider.GetService(typeof(IExecutionContext)), context);
        var lines = new Dictionary<string, object?>
        {
            ["MessageName"] = context.MessageName,
            ["PrimaryEntityName"] = context.PrimaryEntityName,
            ["PrimaryEntityId"] = context.PrimaryEntityId,
            ["Depth"] = context.Depth,
            ["Mode"] = context.Mode,
            ["IsolationMode"] = context.IsolationMode,
            ["Stage"] = context.Stage,
            ["UserId"] = context.UserId,
            ["InitiatingUserId"] = context.InitiatingUserId,
            ["CorrelationId"] = context.CorrelationId,
            ["OperationId"] = context.OperationId,
            ["OperationCreatedOnKind"] = context.OperationCreatedOn.Kind,
            ["IsInTransaction"] = context.IsInTransaction,
            ["ParentStage"] = context.ParentContext?.Stage,
            ["ParentMessage"] = context.ParentContext?.MessageName,
            ["Input"] = string.Join(",", context.InputParameters.Select(pair => pair.Key).OrderBy(key => key, StringComparer.Ordinal)),
            ["Shared"] = string.Join(",", context.SharedVariables.Select(pair => $"{pair.Key}={pair.Value}").OrderBy(key => key, StringComparer.Ordinal)),
            ["PreImages"] = string.Join(";", context.PreEntityImages.Select(pair => $"{pair.Key}:{Describe(pair.Value)}")),
            ["PostImages"] = string.Join(";", context.PostEntityImages.Select(pair => $"{pair.Key}:{Describe(pair.Value)}")),
            ["UnsecureConfig"] = unsecureConfig,
            ["SecureConfig"] = secureConfig,
            ["ExecutionContextIsSameObject"] = sameObject,
            ["ProcessId"] = Environment.ProcessId,
            ["OrganizationName"] = context.OrganizationName,
            ["OrganizationId"] = context.OrganizationId,
        };
        foreach (var line in lines)
        {
            tracing.Trace("{0}={1}", line.Key, Convert.ToString(line.Value, CultureInfo.InvariantCulture));
        }
    }

    private static string Describe(Entity image) =>
        string.Join(",", image.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={Convert.ToString(pair.Value, CultureInfo.InvariantCulture)}"));
}
