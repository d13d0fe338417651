using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities;
using PluginHost.Host.Jobs;
using PluginHost.Host.Storage;
using PluginHost.Registration;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// Runs a message through the stages of SPEC §5: PreValidation outside the transaction, then PreOperation, the core
/// operation and PostOperation inside one transaction that nested calls share, then async steps queued as jobs in
/// that same transaction.
/// </summary>
internal sealed partial class PipelineEngine(
    HostDatabase database,
    StepIndexProvider stepIndex,
    EntityRepository entities,
    StepRunner runner,
    JobStore jobs,
    CoreRequests coreRequests,
    IOptions<PluginHostOptions> options)
{
    /// <summary>The logical name of the primary entity of a message bound to no entity.</summary>
    public const string Unbound = "none";

    private static readonly string[] BuiltInMessages =
        ["Create", "Retrieve", "RetrieveMultiple", "Update", "Delete", "ExecuteMultiple", "ExecuteTransaction", .. CoreRequests.Messages];

    /// <summary>Runs a top-level request; returns its output parameters.</summary>
    public ParameterCollection Execute(PipelineRequest request) => Execute(request, caller: null);

    /// <summary>
    /// Runs a top-level request from the HTTP path: the same stages as <see cref="Execute(PipelineRequest)"/>, but the
    /// wait for a connection, for SQLite's writer queue and for the transaction to begin gives the thread back. The
    /// plug-in stages stay synchronous (the SDK's <c>IOrganizationService</c> is). <see cref="PipelineRequest.Cancellation"/>
    /// is checked before each stage and step, and cancels a running query.
    /// </summary>
    public async Task<ParameterCollection> ExecuteAsync(PipelineRequest request)
    {
        var (operation, index) = Prepare(request, parent: null, caller: null);
        RunStage(operation, index, PipelineStage.PreValidation, inTransaction: false);
        if (!NeedsTransaction(operation, index))
        {
            operation.Cancellation.ThrowIfCancellationRequested();
            await using var connection = await database.OpenAsync(operation.Cancellation);
            RunRead(operation, connection, null);
            return operation.OutputParameters;
        }

        using var owned = await database.BeginOperationAsync(operation.Cancellation);
        operation.Transaction = owned;
        RunInTransaction(operation, index);
        Complete(owned, operation.Cancellation);
        return operation.OutputParameters;
    }

    /// <summary>Runs a request made by the plug-in of <paramref name="caller"/> (null for a top-level request).</summary>
    public ParameterCollection Execute(PipelineRequest request, StepContext? caller) => Execute(request, caller?.Operation, caller);

    /// <summary>
    /// Runs a request nested in <paramref name="parent"/>: made by the plug-in of <paramref name="caller"/>, or (caller
    /// null) by the parent's own core operation, as ExecuteMultiple runs its requests.
    /// </summary>
    private ParameterCollection Execute(PipelineRequest request, Operation? parent, StepContext? caller)
    {
        var (operation, index) = Prepare(request, parent, caller);
        var inherited = operation.Transaction;
        try
        {
            RunStage(operation, index, PipelineStage.PreValidation, inTransaction: inherited is not null);
            if (inherited is null && !NeedsTransaction(operation, index))
            {
                RunCoreWithoutTransaction(operation);
                return operation.OutputParameters;
            }

            using var owned = inherited is null ? BeginTransaction() : null;
            operation.Transaction = inherited ?? owned;
            RunInTransaction(operation, index);
            if (owned is not null)
            {
                Complete(owned, operation.Cancellation);
            }

            return operation.OutputParameters;
        }
        catch (Exception exception) when (inherited is not null)
        {
            // Inside a caller's transaction: nothing may commit now, even if the calling plug-in catches this.
            inherited.Doom(exception);
            throw;
        }
    }

    /// <summary>The operation a request starts, checked, with the step index it runs on.</summary>
    private (Operation Operation, StepIndex Index) Prepare(PipelineRequest request, Operation? parent, StepContext? caller)
    {
        var depth = (parent?.Depth ?? 0) + 1;
        if (depth > options.Value.MaxDepth)
        {
            throw new PipelineException(
                ErrorCodes.InfiniteLoop,
                $"The operation was stopped at depth {depth}, past the limit of {options.Value.MaxDepth}: a plug-in keeps triggering {request.MessageName} of {request.EntityName} (a loop?).");
        }

        var index = stepIndex.Current;
        var operation = new Operation
        {
            MessageName = CanonicalMessage(request.MessageName, index),
            PrimaryEntityName = request.EntityName,
            PrimaryEntityId = request.EntityId,
            Depth = depth,
            UserId = request.UserId,
            InitiatingUserId = parent?.InitiatingUserId ?? request.InitiatingUserId,
            CorrelationId = parent?.CorrelationId ?? request.CorrelationId ?? Guid.NewGuid(),
            OrganizationId = parent?.OrganizationId ?? options.Value.EffectiveOrganizationId,
            OrganizationName = parent?.OrganizationName ?? options.Value.OrganizationName,
            InitiatingUserAgent = parent?.InitiatingUserAgent ?? request.UserAgent,
            RequestId = request.RequestId,
            InputParameters = request.InputParameters,
            ParentContext = caller,
            Transaction = caller is null ? parent?.Transaction : caller.IsInTransaction ? parent!.Transaction : null,

            // A nested call belongs to the request that started the chain: cancelling that cancels it.
            Cancellation = parent?.Cancellation ?? request.Cancellation,
        };
        ValidateRequest(operation);
        return (operation, index);
    }

    /// <summary>Commits the transaction a top-level operation owns, unless a nested operation doomed it.</summary>
    private static void Complete(OperationTransaction owned, CancellationToken cancellation)
    {
        if (owned.DoomedBy is { } cause)
        {
            throw cause as PipelineException ?? new PipelineException(ErrorCodes.PluginError, "A nested operation failed, so the whole operation was rolled back.", cause);
        }

        // The last point at which a cancelled request leaves nothing behind: past it, the client's change is saved.
        cancellation.ThrowIfCancellationRequested();
        owned.Commit();
    }

    private OperationTransaction BeginTransaction() => database.BeginOperation();

    private void RunInTransaction(Operation operation, StepIndex index)
    {
        var transaction = operation.Transaction!;
        if (operation.MessageName is "Update" or "Delete" && WantsImage(operation, index, ImageKind.Pre))
        {
            operation.PreRecord = entities.Retrieve(transaction.Connection, transaction.Transaction, operation.PrimaryEntityName, operation.PrimaryEntityId, null, operation.Cancellation);
        }

        RunStage(operation, index, PipelineStage.PreOperation, inTransaction: true);
        operation.Cancellation.ThrowIfCancellationRequested();
        RunCore(operation, index, transaction);
        if (operation.MessageName is "Create" or "Update" && WantsImage(operation, index, ImageKind.Post))
        {
            operation.PostRecord = entities.Retrieve(transaction.Connection, transaction.Transaction, operation.PrimaryEntityName, operation.PrimaryEntityId, null, operation.Cancellation);
        }

        RunStage(operation, index, PipelineStage.PostOperation, inTransaction: true);
        foreach (var step in index.For(operation.MessageName, operation.PrimaryEntityName, (int)PipelineStage.PostOperation, ExecutionMode.Asynchronous))
        {
            if (step.PassesFilter(Target(operation)))
            {
                jobs.Enqueue(transaction, new StepContext(operation, step, ExecutionMode.Asynchronous, inTransaction: false));

                // Wake the job runner only for work it has: a wake makes it claim, a write on the database.
                transaction.AfterCommit(jobs.Wake);
            }
        }
    }

    /// <summary>
    /// True when a step of this operation that receives <paramref name="kind"/> images has one registered: reading the
    /// record for images no step asked for would cost every Create, Update and Delete a query.
    /// </summary>
    private static bool WantsImage(Operation operation, StepIndex index, ImageKind kind)
    {
        bool Wants(PipelineStage stage, ExecutionMode mode) =>
            Array.Exists(
                index.For(operation.MessageName, operation.PrimaryEntityName, (int)stage, mode),
                step => step.Images.Any(image => image.Kind == kind || image.Kind == ImageKind.Both));

        return Wants(PipelineStage.PostOperation, ExecutionMode.Synchronous)
            || Wants(PipelineStage.PostOperation, ExecutionMode.Asynchronous)
            || (kind == ImageKind.Pre && Wants(PipelineStage.PreOperation, ExecutionMode.Synchronous));
    }

    private void RunStage(Operation operation, StepIndex index, PipelineStage stage, bool inTransaction)
    {
        operation.Cancellation.ThrowIfCancellationRequested();
        foreach (var step in index.For(operation.MessageName, operation.PrimaryEntityName, (int)stage, ExecutionMode.Synchronous))
        {
            operation.Cancellation.ThrowIfCancellationRequested();
            // Filtering attributes are judged against the Target as it is when this step's turn comes.
            if (step.PassesFilter(Target(operation)))
            {
                RunStep(new StepContext(operation, step, ExecutionMode.Synchronous, inTransaction));
            }
        }
    }

    /// <summary>Runs one step; also the entry point of the async job runner.</summary>
    public void RunStep(StepContext context) => runner.Run(context, new OrganizationServiceFactory(this, context));

    private static object? Target(Operation operation) => operation.InputParameters.TryGetValue("Target", out var target) ? target : null;

    private bool NeedsTransaction(Operation operation, StepIndex index) =>
        operation.MessageName is not ("Retrieve" or "RetrieveMultiple" or "WhoAmI")
        || index.For(operation.MessageName, operation.PrimaryEntityName, (int)PipelineStage.PreOperation, ExecutionMode.Synchronous).Length > 0
        || index.For(operation.MessageName, operation.PrimaryEntityName, (int)PipelineStage.PostOperation, ExecutionMode.Synchronous).Length > 0
        || index.For(operation.MessageName, operation.PrimaryEntityName, (int)PipelineStage.PostOperation, ExecutionMode.Asynchronous).Length > 0;

    private void RunCoreWithoutTransaction(Operation operation)
    {
        using var connection = database.Open();
        RunRead(operation, connection, null);
    }

    private void RunCore(Operation operation, StepIndex index, OperationTransaction transaction)
    {
        var (connection, sqlTransaction) = (transaction.Connection, transaction.Transaction);
        try
        {
            switch (operation.MessageName)
            {
                case "Create":
                    var created = RequireChangedEntity(operation);
                    if (created.Id == Guid.Empty)
                    {
                        created.Id = Guid.NewGuid();
                    }

                    operation.PrimaryEntityId = created.Id;
                    entities.Insert(connection, sqlTransaction, created, operation.Cancellation);
                    operation.OutputParameters["id"] = created.Id;
                    break;
                case "Update":
                    var changes = RequireChangedEntity(operation);
                    if (changes.Id != operation.PrimaryEntityId)
                    {
                        throw PipelineException.BadRequest($"a plug-in changed the Target's id from {operation.PrimaryEntityId} to {changes.Id}; the id of an updated record cannot change");
                    }

                    if (!entities.Update(connection, sqlTransaction, changes, operation.Cancellation))
                    {
                        throw NotFound(operation);
                    }

                    break;
                case "Delete":
                    if (!entities.Delete(connection, sqlTransaction, operation.PrimaryEntityName, operation.PrimaryEntityId, operation.Cancellation))
                    {
                        throw NotFound(operation);
                    }

                    coreRequests.Forget(connection, sqlTransaction, operation.PrimaryEntityName, operation.PrimaryEntityId);
                    break;
                case "Retrieve" or "RetrieveMultiple" or "WhoAmI":
                    RunRead(operation, connection, sqlTransaction);
                    break;
                case var message when CoreRequests.Messages.Contains(message):
                    coreRequests.Run(operation, connection, sqlTransaction);
                    break;
                case var message when IsBatch(message):
                    RunBatch(operation, transaction);
                    break;
                default:
                    // A custom message: its core operation is its registered main-operation plug-in, if it has one.
                    RunStage(operation, index, PipelineStage.MainOperation, inTransaction: true);
                    break;
            }
        }
        catch (NotSupportedException exception)
        {
            throw PipelineException.BadRequest($"{operation.MessageName} of {operation.PrimaryEntityName}: {exception.Message}");
        }
    }

    private void RunRead(Operation operation, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction)
    {
        if (operation.MessageName == "WhoAmI")
        {
            coreRequests.Run(operation, connection, transaction);
        }
        else if (operation.MessageName == "Retrieve")
        {
            var columns = operation.InputParameters.TryGetValue("ColumnSet", out var value) ? value as ColumnSet : null;
            operation.OutputParameters["BusinessEntity"] =
                entities.Retrieve(connection, transaction, operation.PrimaryEntityName, operation.PrimaryEntityId, columns, operation.Cancellation) ?? throw NotFound(operation);
        }
        else
        {
            var query = operation.InputParameters.TryGetValue("Query", out var value) && value is QueryBase queryBase
                ? queryBase
                : throw PipelineException.BadRequest("RetrieveMultiple needs a Query input parameter (QueryByAttribute, QueryExpression or FetchExpression)");
            operation.OutputParameters["BusinessEntityCollection"] =
                entities.RetrieveMultiple(connection, transaction, query, new Entities.Queries.QueryContext(operation.UserId, operation.OperationCreatedOn), operation.Cancellation);
        }
    }

    private static Entity RequireEntity(Operation operation) =>
        Target(operation) as Entity ?? throw PipelineException.BadRequest($"{operation.MessageName} needs an Entity as its Target input parameter");

    /// <summary>
    /// The Target as PreValidation and PreOperation steps left it: still an entity of the request's kind with valid
    /// attribute names, whatever a plug-in (trusted or sandboxed) put there.
    /// </summary>
    private static Entity RequireChangedEntity(Operation operation)
    {
        if (Target(operation) is not Entity entity)
        {
            throw new PipelineException(ErrorCodes.PluginError, $"a plug-in replaced the Target of {operation.MessageName} with something that is not an Entity");
        }

        if (!string.Equals(entity.LogicalName, operation.PrimaryEntityName, StringComparison.Ordinal))
        {
            throw new PipelineException(ErrorCodes.PluginError, $"a plug-in changed the Target of {operation.MessageName} from a {operation.PrimaryEntityName} to a {entity.LogicalName}");
        }

        if (entity.Attributes.Keys.FirstOrDefault(name => !Names.IsValidLogicalName(name)) is { } badName)
        {
            throw new PipelineException(ErrorCodes.PluginError, $"a plug-in added the attribute '{badName}' to the Target of {operation.MessageName}, which is not a valid attribute name");
        }

        return entity;
    }

    private static PipelineException NotFound(Operation operation) =>
        PipelineException.NotFound($"{operation.PrimaryEntityName} with id {operation.PrimaryEntityId} does not exist");

    private static string CanonicalMessage(string name, StepIndex index)
    {
        var builtIn = Array.Find(BuiltInMessages, message => string.Equals(message, name, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            return builtIn;
        }

        return index.CustomMessages.TryGetValue(name, out var custom) ? custom
            : SdkMessages.IsKnown(name) ? throw PipelineException.BadRequest(
                $"{name} is a Dataverse message that PluginHost has no built-in behaviour for (it needs Dataverse features PluginHost lacks, such as e-mail, time-zone settings or metadata); "
                + $"to give it one, register a custom message named {name} ('pluginreg message register') with a main-operation plug-in")
            : throw PipelineException.NotFound($"there is no message named '{name}' (register a custom message with 'pluginreg message register')");
    }

    private static void ValidateRequest(Operation operation)
    {
        if (operation.PrimaryEntityName != Unbound && !Names.IsValidLogicalName(operation.PrimaryEntityName))
        {
            throw PipelineException.BadRequest($"'{operation.PrimaryEntityName}' is not a valid entity logical name");
        }

        if (PluginHost.Sandbox.Protocol.Messages.AlternateKeys.Problem(operation.MessageName, operation.InputParameters) is { } keyed)
        {
            throw PipelineException.BadRequest(keyed);
        }

        switch (operation.MessageName)
        {
            case "Create" or "Update":
                var entity = RequireEntity(operation);
                if (!string.Equals(entity.LogicalName, operation.PrimaryEntityName, StringComparison.Ordinal))
                {
                    throw PipelineException.BadRequest($"the Target is a {entity.LogicalName} but the request is for {operation.PrimaryEntityName}");
                }

                if (entity.Attributes.Keys.FirstOrDefault(name => !Names.IsValidLogicalName(name)) is { } badName)
                {
                    throw PipelineException.BadRequest($"'{badName}' is not a valid attribute name");
                }

                if (operation.MessageName == "Update" && entity.Id == Guid.Empty)
                {
                    throw PipelineException.BadRequest("Update needs the id of the record to change");
                }

                break;
            case "Delete" or "Retrieve":
                if (Target(operation) is not EntityReference reference || reference.Id == Guid.Empty)
                {
                    throw PipelineException.BadRequest($"{operation.MessageName} needs an EntityReference with an id as its Target input parameter");
                }

                break;
        }
    }
}
