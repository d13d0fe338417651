namespace Microsoft.Xrm.Sdk;

/// <summary>What the pipeline knows about the operation a plug-in runs in.</summary>
public interface IExecutionContext
{
    /// <summary>Gets the name of the message being processed, such as Create, Update or a custom message.</summary>
    string MessageName { get; }

    /// <summary>Gets the logical name of the entity the message is about, or an empty string when it concerns none.</summary>
    string PrimaryEntityName { get; }

    /// <summary>Gets the id of the record the message is about, or <see cref="Guid.Empty"/> when not known yet.</summary>
    Guid PrimaryEntityId { get; }

    /// <summary>Gets the nesting depth: 1 for a top-level request, one more for each organization-service call in between.</summary>
    int Depth { get; }

    /// <summary>Gets the execution mode: 0 synchronous, 1 asynchronous.</summary>
    int Mode { get; }

    /// <summary>Gets the isolation mode: 1 none, 2 sandbox.</summary>
    int IsolationMode { get; }

    /// <summary>Gets the id of the user the operation runs as.</summary>
    Guid UserId { get; }

    /// <summary>Gets the id of the user who started the top-level request.</summary>
    Guid InitiatingUserId { get; }

    /// <summary>Gets the id shared by every operation started by one top-level request, for correlating traces.</summary>
    Guid CorrelationId { get; }

    /// <summary>Gets the id of this operation.</summary>
    Guid OperationId { get; }

    /// <summary>Gets when the operation started, in UTC.</summary>
    DateTime OperationCreatedOn { get; }

    /// <summary>Gets a value indicating whether the step runs inside the operation's database transaction.</summary>
    bool IsInTransaction { get; }

    /// <summary>Gets the message's input parameters, such as "Target"; changes made before the main operation take effect.</summary>
    ParameterCollection InputParameters { get; }

    /// <summary>Gets the message's output parameters, such as "id" after a Create; visible from the main operation on.</summary>
    ParameterCollection OutputParameters { get; }

    /// <summary>Gets values shared by every step of one operation, for passing data from one step to a later one.</summary>
    ParameterCollection SharedVariables { get; }

    /// <summary>Gets the record as it was before the operation, under each registered image alias.</summary>
    EntityImageCollection PreEntityImages { get; }

    /// <summary>Gets the record as it is after the operation, under each registered image alias.</summary>
    EntityImageCollection PostEntityImages { get; }

    /// <summary>Gets the id of the business unit of the user the operation runs as; PluginHost has no business units and gives <see cref="Guid.Empty"/>.</summary>
    Guid BusinessUnitId { get; }

    /// <summary>Gets the id of the organization (the PluginHost installation) the operation runs in; the same for every operation of one host configuration.</summary>
    Guid OrganizationId { get; }

    /// <summary>Gets the name of the organization the operation runs in.</summary>
    string OrganizationName { get; }

    /// <summary>Gets the logical name of a second entity the message concerns, or "none" when there is none, as in Dataverse.</summary>
    string SecondaryEntityName { get; }

    /// <summary>Gets a reference to the step that is running: logical name "sdkmessageprocessingstep", the step's id and name.</summary>
    EntityReference OwningExtension { get; }

    /// <summary>Gets the id of the request that started the operation, or null when the caller gave none.</summary>
    Guid? RequestId { get; }

    /// <summary>Gets a value indicating whether the plug-in runs in an offline client; always false on PluginHost.</summary>
    bool IsExecutingOffline { get; }

    /// <summary>Gets a value indicating whether the operation replays changes made offline; always false on PluginHost.</summary>
    bool IsOfflinePlayback { get; }
}
