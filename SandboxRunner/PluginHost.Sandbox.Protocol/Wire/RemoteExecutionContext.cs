using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>An execution context as it arrives in a sandbox worker: plain data, read from the wire.</summary>
public sealed class RemoteExecutionContext : IPluginExecutionContext
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
}
