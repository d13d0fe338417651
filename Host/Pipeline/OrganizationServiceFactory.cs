using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
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
        (EntityCollection)Run(() => new PipelineRequest(
            "RetrieveMultiple", Entities.Queries.QueryTranslator.EntityNameOf(query) ?? "", Guid.Empty, new ParameterCollection { ["Query"] = query }) { UserId = userId })["BusinessEntityCollection"]!;

    public OrganizationResponse Execute(OrganizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ServiceRequests.ToResponse(request.RequestName, Run(() => ServiceRequests.ToPipeline(request, userId)));
    }

    public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new AssociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new DisassociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    private ParameterCollection Run(string message, string entityName, Guid id, ParameterCollection input) =>
        Run(() => new PipelineRequest(message, entityName, id, input) { UserId = userId });

    /// <summary>
    /// Builds and runs the nested operation; a failure of either (FetchXML that does not parse, say) reaches the
    /// plug-in as the fault Dataverse plug-ins catch.
    /// </summary>
    private ParameterCollection Run(Func<PipelineRequest> request)
    {
        try
        {
            return engine.Execute(request(), caller);
        }
        catch (PipelineException exception)
        {
            throw new PipelineFault(exception);
        }
    }
}
