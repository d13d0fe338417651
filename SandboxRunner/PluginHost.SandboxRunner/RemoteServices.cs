using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Sandbox.Protocol;
using PluginHost.Sandbox.Protocol.Telemetry;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.SandboxRunner;

/// <summary>
/// The service provider a sandboxed plug-in receives: its context, a tracing service whose lines go to the host at
/// once (so they survive a crash), and organization services and service-endpoint notifications that run on the host.
/// </summary>
internal sealed class RemoteServices(RemoteExecutionContext context, Worker worker) : IServiceProvider, ITracingService, IOrganizationServiceFactory
{
    private RemoteLogger? _logger;

    public object? GetService(Type serviceType) =>
        ContextServices.IsContextType(serviceType) ? context
        : serviceType == typeof(ITracingService) ? this
        : serviceType == typeof(IOrganizationServiceFactory) ? this
        : serviceType == typeof(IServiceEndpointNotificationService) ? new RemoteServiceEndpoints(worker)
        : serviceType == typeof(Microsoft.Xrm.Sdk.PluginTelemetry.ILogger) ? _logger ??= new RemoteLogger(worker)
        : null;

    public void Trace(string format, params object?[] args)
    {
        var line = TraceLine.Format(format, args);
        worker.Send(FrameType.Trace, writer => writer.Write(line));
    }

    public IOrganizationService CreateOrganizationService(Guid? userId) => new RemoteOrganizationService(worker, userId);
}

/// <summary>A sandboxed plug-in's PluginTelemetry logger: each entry goes to the host at once, in a Trace frame behind its trace line.</summary>
internal sealed class RemoteLogger(Worker worker) : PluginLoggerBase
{
    protected override void Deliver(PluginLogEntry entry) => worker.Send(FrameType.Trace, entry.Write);
}

/// <summary>Organization-service calls made in the sandbox, each run by the host in the caller's transaction.</summary>
internal sealed class RemoteOrganizationService(Worker worker, Guid? userId) : IOrganizationService
{
    public Guid Create(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Call<Guid>("Create", new ParameterCollection { ["Target"] = entity });
    }

    public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) =>
        Call<Entity>("Retrieve", new ParameterCollection { ["Target"] = new EntityReference(entityName, id), ["ColumnSet"] = columnSet ?? new ColumnSet(true) });

    public void Update(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        Call<object>("Update", new ParameterCollection { ["Target"] = entity });
    }

    public void Delete(string entityName, Guid id) =>
        Call<object>("Delete", new ParameterCollection { ["Target"] = new EntityReference(entityName, id) });

    public EntityCollection RetrieveMultiple(QueryBase query) =>
        Call<EntityCollection>("RetrieveMultiple", new ParameterCollection { ["Query"] = query });

    public OrganizationResponse Execute(OrganizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call<OrganizationResponse>("Execute", new ParameterCollection { ["Request"] = request });
    }

    public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new AssociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
        Execute(new DisassociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    private T Call<T>(string operation, ParameterCollection parameters)
    {
        // Keys do not cross the wire: refuse here what the host would refuse had it seen them.
        var keyed = parameters.TryGetValue("Request", out var sent) && sent is OrganizationRequest request
            ? AlternateKeys.Problem(request.RequestName, request.Parameters)
            : AlternateKeys.Problem(operation, parameters);
        if (keyed is not null)
        {
            throw ServiceFaults.Exception(ServiceFaults.Describe("BadRequest", keyed));
        }

        var reply = worker.Call(new ServiceCall(userId, operation, parameters));
        if (reply.Fault is { } fault)
        {
            throw ServiceFaults.Exception(fault);
        }

        return reply.Value switch
        {
            T value => value,
            null when typeof(T) == typeof(object) => default!, // Update and Delete answer nothing
            var other => throw new InvalidDataException($"the host answered {operation} with {other?.GetType().Name ?? "nothing"}, not a {typeof(T).Name}"),
        };
    }
}
