using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;

namespace PluginHost.Benchmarks.Setup;

/// <summary>The context the engine gives one step of a Create of an account, for figures that run a single step.</summary>
internal static class StepContexts
{
    public static StepContext ForCreate(StepRegistration step, bool inTransaction)
    {
        var target = Rows.New("account");
        target.Id = Guid.NewGuid();
        var operation = new Operation
        {
            MessageName = "Create",
            PrimaryEntityName = "account",
            PrimaryEntityId = target.Id,
            Depth = 1,
            UserId = Guid.Empty,
            InitiatingUserId = Guid.Empty,
            CorrelationId = Guid.NewGuid(),
            InputParameters = new ParameterCollection { ["Target"] = target },
        };
        operation.OutputParameters["id"] = target.Id;
        return new StepContext(operation, step, ExecutionMode.Synchronous, inTransaction);
    }
}
