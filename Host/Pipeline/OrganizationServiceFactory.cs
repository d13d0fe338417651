using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// Hands a plug-in an organization service whose calls run the pipeline again at Depth + 1, inside the caller's
/// transaction when the caller runs in one.
/// </summary>
internal sealed class OrganizationServiceFactory(PipelineEngine engine, StepContext caller) : IOrganizationServiceFactory
{
    /// <summary>The id of the system user: what <c>CreateOrganizationService(null)</c> acts as.</summary>
    public static readonly Guid SystemUserId = Guid.Empty;

    public IOrganizationService CreateOrganizationService(Guid? userId) =>
        new OrganizationService(engine, caller, userId switch
        {
            null => SystemUserId,
            var id when id == Guid.Empty => caller.UserId,
            var id => id.Value,
        });
}

/// <summary>Organization-service calls from a plug-in, each a nested pipeline run.</summary>
internal sealed class OrganizationService(PipelineEngine engine, StepContext caller, Guid userId) : IOrganizationService
{
    public Guid Create(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return (Guid)Run("Create", entity.LogicalName, entity.Id, new ParameterCollection { ["Target"] = entity })["id"]!;
    }

    public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) =>
        (Entity)Run("Retrieve", entityName, id, new ParameterCollection
        {
            ["Target"] = new EntityReference(entityName, id),
            ["ColumnSet"] = columnSet ?? new ColumnSet(true),
        })["BusinessEntity"]!;

    public void Update(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        Run("Update", entity.LogicalName, entity.Id, new ParameterCollection { ["Target"] = entity });
    }

    public void Delete(string entityName, Guid id) =>
        Run("Delete", entityName, id, new ParameterCollection { ["Target"] = new EntityReference(entityName, id) });

    public EntityCollection RetrieveMultiple(QueryBase query) =>
        (EntityCollection)Run("RetrieveMultiple", Entities.Queries.QueryTranslator.EntityNameOf(query) ?? "", Guid.Empty, new ParameterCollection { ["Query"] = query })["BusinessEntityCollection"]!;

    public OrganizationResponse Execute(OrganizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (entityName, id) = request.Parameters.TryGetValue("Target", out var target) ? target switch
        {
            Entity entity => (entity.LogicalName, entity.Id),
            EntityReference reference => (reference.LogicalName, reference.Id),
            _ => (PipelineEngine.Unbound, Guid.Empty),
        } : (PipelineEngine.Unbound, Guid.Empty);
        var output = Run(request.RequestName, entityName, id, request.Parameters);
        var response = new OrganizationResponse { ResponseName = request.RequestName };
        foreach (var pair in output)
        {
            response.Results[pair.Key] = pair.Value;
        }

        return response;
    }

    private ParameterCollection Run(string message, string entityName, Guid id, ParameterCollection input) =>
        engine.Execute(new PipelineRequest(message, entityName, id, input) { UserId = userId }, caller);
}
