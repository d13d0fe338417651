using Microsoft.Xrm.Sdk;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// The execution context one step receives: the operation's shared collections plus this step's stage, mode and
/// images. A new one per step, as in Dataverse; the collections are the operation's own, so changes carry forward.
/// </summary>
/// <remarks>
/// The members of the later context interfaces, where PluginHost has no such concept, say so with a fixed value:
/// no business units, directory, portals, tenants, application users or offline clients (<see cref="Guid.Empty"/>,
/// false, or an empty Guid as text); the organization is the host's (<c>PluginHost:OrganizationName</c>/<c>OrganizationId</c>),
/// the environment id is the organization id, the authenticated user is the initiating user, the owning extension is
/// the step, the user agent is the top-level HTTP request's, and the secondary entity is "none".
/// </remarks>
internal sealed class StepContext : IPluginExecutionContext7
{
    /// <summary>The logical name of a step, as <see cref="OwningExtension"/> names it.</summary>
    public const string StepEntityName = "sdkmessageprocessingstep";

    public StepContext(Operation operation, StepRegistration step, ExecutionMode mode, bool inTransaction)
    {
        Operation = operation;
        Step = step;
        Mode = (int)mode;
        IsInTransaction = inTransaction;
        (PreEntityImages, PostEntityImages) = BuildImages(operation, step);
    }

    /// <summary>A context restored from an async job, with the images it was queued with.</summary>
    public StepContext(Operation operation, StepRegistration step, EntityImageCollection preImages, EntityImageCollection postImages)
    {
        Operation = operation;
        Step = step;
        Mode = (int)ExecutionMode.Asynchronous;
        PreEntityImages = preImages;
        PostEntityImages = postImages;
    }

    public Operation Operation { get; }

    public StepRegistration Step { get; }

    public string MessageName => Operation.MessageName;

    public string PrimaryEntityName => Operation.PrimaryEntityName;

    public Guid PrimaryEntityId => Operation.PrimaryEntityId;

    public int Depth => Operation.Depth;

    public int Mode { get; }

    public int IsolationMode => (int)Step.Isolation;

    public Guid UserId => Operation.UserId;

    public Guid InitiatingUserId => Operation.InitiatingUserId;

    public Guid CorrelationId => Operation.CorrelationId;

    public Guid OperationId => Operation.OperationId;

    public DateTime OperationCreatedOn => Operation.OperationCreatedOn;

    public bool IsInTransaction { get; }

    public ParameterCollection InputParameters => Operation.InputParameters;

    public ParameterCollection OutputParameters => Operation.OutputParameters;

    public ParameterCollection SharedVariables => Operation.SharedVariables;

    public EntityImageCollection PreEntityImages { get; }

    public EntityImageCollection PostEntityImages { get; }

    public int Stage => Step.Stage;

    public IPluginExecutionContext? ParentContext => Operation.ParentContext;

    public Guid BusinessUnitId => Guid.Empty;

    public Guid OrganizationId => Operation.OrganizationId;

    public string OrganizationName => Operation.OrganizationName;

    public string SecondaryEntityName => PipelineEngine.Unbound;

    public EntityReference OwningExtension => new(StepEntityName, Step.StepId) { Name = Step.Name };

    public Guid? RequestId => Operation.RequestId;

    public bool IsExecutingOffline => false;

    public bool IsOfflinePlayback => false;

    public Guid UserAzureActiveDirectoryObjectId => Guid.Empty;

    public Guid InitiatingUserAzureActiveDirectoryObjectId => Guid.Empty;

    public Guid InitiatingUserApplicationId => Guid.Empty;

    public Guid PortalsContactId => Guid.Empty;

    public bool IsPortalsClientCall => false;

    public Guid AuthenticatedUserId => Operation.InitiatingUserId;

    public EntityImageCollection[] PreEntityImagesCollection => [PreEntityImages];

    public EntityImageCollection[] PostEntityImagesCollection => [PostEntityImages];

    public string InitiatingUserAgent => Operation.InitiatingUserAgent;

    public string EnvironmentId => OrganizationId.ToString();

    public string TenantId => Guid.Empty.ToString();

    public bool IsApplicationUser => false;

    private static (EntityImageCollection Pre, EntityImageCollection Post) BuildImages(Operation operation, StepRegistration step)
    {
        var pre = new EntityImageCollection();
        var post = new EntityImageCollection();
        foreach (var image in step.Images)
        {
            if (image.Kind is ImageKind.Pre or ImageKind.Both && operation.PreRecord is { } before && step.Stage is 20 or 40)
            {
                pre[image.Alias] = Select(before, image.Attributes);
            }

            if (image.Kind is ImageKind.Post or ImageKind.Both && operation.PostRecord is { } after && step.Stage == 40)
            {
                post[image.Alias] = Select(after, image.Attributes);
            }
        }

        return (pre, post);
    }

    private static Entity Select(Entity record, IReadOnlyList<string> attributes)
    {
        var image = new Entity(record.LogicalName, record.Id);
        foreach (var attribute in record.Attributes)
        {
            if (attributes.Count == 0 || attributes.Contains(attribute.Key))
            {
                image.Attributes[attribute.Key] = attribute.Value;
            }
        }

        return image;
    }
}
