using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// An execution context as it arrives in a sandbox worker: plain data, read from the wire. The host fills every value
/// (see the host's StepContext for what each means on PluginHost); only the per-record image arrays are derived here.
/// </summary>
public sealed class RemoteExecutionContext : IPluginExecutionContext7
{
    /// <inheritdoc />
    public string MessageName { get; init; } = "";

    /// <inheritdoc />
    public string PrimaryEntityName { get; init; } = "";

    /// <inheritdoc />
    public Guid PrimaryEntityId { get; init; }

    /// <inheritdoc />
    public int Depth { get; init; }

    /// <inheritdoc />
    public int Mode { get; init; }

    /// <inheritdoc />
    public int IsolationMode { get; init; }

    /// <inheritdoc />
    public Guid UserId { get; init; }

    /// <inheritdoc />
    public Guid InitiatingUserId { get; init; }

    /// <inheritdoc />
    public Guid CorrelationId { get; init; }

    /// <inheritdoc />
    public Guid OperationId { get; init; }

    /// <inheritdoc />
    public DateTime OperationCreatedOn { get; init; }

    /// <inheritdoc />
    public bool IsInTransaction { get; init; }

    /// <inheritdoc />
    public ParameterCollection InputParameters { get; init; } = [];

    /// <inheritdoc />
    public ParameterCollection OutputParameters { get; init; } = [];

    /// <inheritdoc />
    public ParameterCollection SharedVariables { get; init; } = [];

    /// <inheritdoc />
    public EntityImageCollection PreEntityImages { get; init; } = [];

    /// <inheritdoc />
    public EntityImageCollection PostEntityImages { get; init; } = [];

    /// <inheritdoc />
    public int Stage { get; init; }

    /// <inheritdoc />
    public IPluginExecutionContext? ParentContext { get; init; }

    /// <inheritdoc />
    public Guid BusinessUnitId { get; init; }

    /// <inheritdoc />
    public Guid OrganizationId { get; init; }

    /// <inheritdoc />
    public string OrganizationName { get; init; } = "";

    /// <inheritdoc />
    public string SecondaryEntityName { get; init; } = "none";

    /// <inheritdoc />
    public EntityReference OwningExtension { get; init; } = new();

    /// <inheritdoc />
    public Guid? RequestId { get; init; }

    /// <inheritdoc />
    public bool IsExecutingOffline { get; init; }

    /// <inheritdoc />
    public bool IsOfflinePlayback { get; init; }

    /// <inheritdoc />
    public Guid UserAzureActiveDirectoryObjectId { get; init; }

    /// <inheritdoc />
    public Guid InitiatingUserAzureActiveDirectoryObjectId { get; init; }

    /// <inheritdoc />
    public Guid InitiatingUserApplicationId { get; init; }

    /// <inheritdoc />
    public Guid PortalsContactId { get; init; }

    /// <inheritdoc />
    public bool IsPortalsClientCall { get; init; }

    /// <inheritdoc />
    public Guid AuthenticatedUserId { get; init; }

    /// <inheritdoc />
    public EntityImageCollection[] PreEntityImagesCollection => [PreEntityImages];

    /// <inheritdoc />
    public EntityImageCollection[] PostEntityImagesCollection => [PostEntityImages];

    /// <inheritdoc />
    public string InitiatingUserAgent { get; init; } = "";

    /// <inheritdoc />
    public string EnvironmentId { get; init; } = "";

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <inheritdoc />
    public bool IsApplicationUser { get; init; }
}
