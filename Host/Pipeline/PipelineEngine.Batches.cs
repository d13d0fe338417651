using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Host.Pipeline;

/// <summary>ExecuteMultiple and ExecuteTransaction: core operations that run other requests through the pipeline.</summary>
internal sealed partial class PipelineEngine
{
    private static bool IsBatch(string message) =>
        string.Equals(message, "ExecuteMultiple", StringComparison.OrdinalIgnoreCase) || string.Equals(message, "ExecuteTransaction", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs each request of the batch in turn as a nested operation (depth + 1) in this operation's transaction.
    /// ExecuteMultiple runs each in a savepoint: a failed request is undone alone and becomes its item's fault, and
    /// ContinueOnError says whether the rest still run. ExecuteTransaction is all or nothing: the first failure fails it.
    /// </summary>
    private void RunBatch(Operation operation, OperationTransaction transaction)
    {
        var requests = operation.InputParameters.TryGetValue("Requests", out var value) && value is OrganizationRequestCollection collection
            ? collection
            : throw PipelineException.BadRequest($"{operation.MessageName} needs an OrganizationRequestCollection as its 'Requests' input parameter");
        if (operation.MessageName == "ExecuteTransaction")
        {
            var responses = new OrganizationResponseCollection();
            for (var index = 0; index < requests.Count; index++)
            {
                responses.Add(RunBatchItem(operation, requests, index));
            }

            if (operation.InputParameters.TryGetValue("ReturnResponses", out var wanted) && wanted is true)
            {
                operation.OutputParameters["Responses"] = responses;
            }

            return;
        }

        var settings = operation.InputParameters.TryGetValue("Settings", out var given) && given is ExecuteMultipleSettings typed
            ? typed
            : throw PipelineException.BadRequest("ExecuteMultiple needs ExecuteMultipleSettings as its 'Settings' input parameter");
        var items = new ExecuteMultipleResponseItemCollection();
        for (var index = 0; index < requests.Count; index++)
        {
            OrganizationResponse? response = null;
            var failure = transaction.TryInSavepoint(() => response = RunBatchItem(operation, requests, index));
            if (failure is not null)
            {
                items.Add(new ExecuteMultipleResponseItem { RequestIndex = index, Fault = ServiceFaults.Describe(failure.Code, failure.Message, failure.FaultErrorCode) });
                if (!settings.ContinueOnError)
                {
                    break;
                }
            }
            else if (settings.ReturnResponses)
            {
                items.Add(new ExecuteMultipleResponseItem { RequestIndex = index, Response = response });
            }
        }

        operation.OutputParameters["Responses"] = items;
        operation.OutputParameters["IsFaulted"] = items.Any(item => item.Fault is not null);
    }

    private OrganizationResponse RunBatchItem(Operation parent, OrganizationRequestCollection requests, int index)
    {
        var request = requests[index] ?? throw PipelineException.BadRequest($"request {index} of {parent.MessageName} is null");
        if (IsBatch(request.RequestName))
        {
            throw PipelineException.BadRequest($"request {index} of {parent.MessageName} is a {request.RequestName}: batches cannot be nested");
        }

        var output = Execute(ServiceRequests.ToPipeline(request, parent.UserId), parent, caller: null);
        return ServiceRequests.ToResponse(request.RequestName, output);
    }
}
