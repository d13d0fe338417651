using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Pipeline;

/// <summary>What a caller asks the pipeline to run.</summary>
internal sealed record PipelineRequest(string MessageName, string EntityName, Guid EntityId, ParameterCollection InputParameters)
{
    /// <summary>The user the operation acts as; <see cref="Guid.Empty"/> is the system user.</summary>
    public Guid UserId { get; init; }

    /// <summary>The user who started the chain of operations.</summary>
    public Guid InitiatingUserId { get; init; }

    /// <summary>The correlation id of a top-level request; nested operations inherit their parent's.</summary>
    public Guid? CorrelationId { get; init; }

    /// <summary>The User-Agent of the HTTP request that started the chain, or empty.</summary>
    public string UserAgent { get; init; } = "";

    /// <summary>The id the caller gave its request, if any.</summary>
    public Guid? RequestId { get; init; }

    /// <summary>Cancelled when the caller gives up (the HTTP client went away); a nested request takes its parent's.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>One run of the pipeline for one message: the state every step of every stage shares.</summary>
internal sealed class Operation
{
    public required string MessageName { get; init; }

    public required string PrimaryEntityName { get; init; }

    public Guid PrimaryEntityId { get; set; }

    public required int Depth { get; init; }

    public required Guid UserId { get; init; }

    public required Guid InitiatingUserId { get; init; }

    public required Guid CorrelationId { get; init; }

    /// <summary>The organization the operation runs in (host configuration; nested operations and jobs keep their origin's).</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The name of the organization the operation runs in.</summary>
    public string OrganizationName { get; init; } = "";

    /// <summary>The User-Agent of the HTTP request that started the chain, or empty.</summary>
    public string InitiatingUserAgent { get; init; } = "";

    /// <summary>The id the caller gave its request, if any.</summary>
    public Guid? RequestId { get; init; }

    public Guid OperationId { get; init; } = Guid.NewGuid();

    public DateTime OperationCreatedOn { get; init; } = DateTime.UtcNow;

    public required ParameterCollection InputParameters { get; init; }

    public ParameterCollection OutputParameters { get; init; } = new();

    public ParameterCollection SharedVariables { get; init; } = new();

    /// <summary>The context of the step whose organization-service call started this operation, if any.</summary>
    public StepContext? ParentContext { get; init; }

    /// <summary>The record before the core operation (Update, Delete), for pre images.</summary>
    public Entity? PreRecord { get; set; }

    /// <summary>The record after the core operation (Create, Update), for post images.</summary>
    public Entity? PostRecord { get; set; }

    /// <summary>Cancelled when the request that started the chain is given up: no further stage or step starts.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The transaction steps of this operation run in; null at a top-level PreValidation.</summary>
    public OperationTransaction? Transaction { get; set; }
}
