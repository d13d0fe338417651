using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Host.Pipeline;

/// <summary>How an <see cref="OrganizationRequest"/> becomes a pipeline run, and the run's output its typed response.</summary>
internal static class ServiceRequests
{
    /// <summary>The pipeline request for <paramref name="request"/>: its primary record is the Target, EntityMoniker or the Query's entity.</summary>
    public static PipelineRequest ToPipeline(OrganizationRequest request, Guid userId)
    {
        var parameters = request.Parameters;
        var (entityName, id) = Primary(parameters, "Target") ?? Primary(parameters, "EntityMoniker") ?? (QueryEntity(parameters) ?? PipelineEngine.Unbound, Guid.Empty);
        return new PipelineRequest(request.RequestName, entityName, id, parameters) { UserId = userId };
    }

    /// <summary>
    /// The typed response (CreateResponse, WhoAmIResponse…) holding the run's output. Retrieve and RetrieveMultiple answer
    /// under the names their responses use ("Entity", "EntityCollection"), not the pipeline's ("BusinessEntity"…).
    /// </summary>
    public static OrganizationResponse ToResponse(string requestName, ParameterCollection output) =>
        SdkMessages.NewResponse(requestName, output.Select(pair => pair.Key switch
        {
            "BusinessEntity" when requestName == "Retrieve" => new KeyValuePair<string, object?>("Entity", pair.Value),
            "BusinessEntityCollection" when requestName == "RetrieveMultiple" => new KeyValuePair<string, object?>("EntityCollection", pair.Value),
            _ => pair,
        }));

    private static (string, Guid)? Primary(ParameterCollection parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value switch
        {
            Entity entity when !string.IsNullOrEmpty(entity.LogicalName) => (entity.LogicalName, entity.Id),
            EntityReference reference when !string.IsNullOrEmpty(reference.LogicalName) => (reference.LogicalName, reference.Id),
            _ => null,
        } : null;

    private static string? QueryEntity(ParameterCollection parameters) =>
        parameters.TryGetValue("Query", out var query) && query is QueryBase queryBase ? Entities.Queries.QueryTranslator.EntityNameOf(queryBase) : null;
}
