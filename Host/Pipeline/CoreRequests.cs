using System.Data.Common;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// The core operations of the built-in messages beyond Create/Retrieve/Update/Delete/RetrieveMultiple: Associate and
/// Disassociate (links in the store), Assign (ownerid), SetState (statecode/statuscode), Upsert and WhoAmI.
/// </summary>
internal sealed class CoreRequests(EntityRepository entities, EntityLinks links)
{
    /// <summary>The messages this class runs.</summary>
    public static readonly string[] Messages = ["Associate", "Disassociate", "Assign", "SetState", "Upsert", "WhoAmI"];

    /// <summary>Runs the core operation of <paramref name="operation"/>'s message, writing its output parameters.</summary>
    public void Run(Operation operation, DbConnection connection, DbTransaction? transaction)
    {
        switch (operation.MessageName)
        {
            case "WhoAmI":
                // PluginHost has no business units; the organization is the one the execution context names.
                operation.OutputParameters["UserId"] = operation.UserId;
                operation.OutputParameters["BusinessUnitId"] = Guid.Empty;
                operation.OutputParameters["OrganizationId"] = operation.OrganizationId;
                break;
            case "Associate" or "Disassociate":
                Link(operation, connection, Writable(transaction, operation));
                break;
            case "Assign":
                var assignee = Require<EntityReference>(operation, "Assignee");
                if (assignee.Id == Guid.Empty || !Names.IsValidLogicalName(assignee.LogicalName))
                {
                    throw PipelineException.BadRequest("Assign needs an Assignee with an entity name and an id (a systemuser or team)");
                }

                Change(operation, connection, Writable(transaction, operation), RequireRecord(operation, "Target"), new() { ["ownerid"] = assignee });
                break;
            case "SetState":
                var state = Require<OptionSetValue>(operation, "State");
                var status = Require<OptionSetValue>(operation, "Status");
                Change(operation, connection, Writable(transaction, operation), RequireRecord(operation, "EntityMoniker"), new() { ["statecode"] = state, ["statuscode"] = status });
                break;
            case "Upsert":
                Upsert(operation, connection, Writable(transaction, operation));
                break;
            default:
                throw new InvalidOperationException($"{operation.MessageName} is not a message of {nameof(CoreRequests)}");
        }
    }

    /// <summary>Removes the links of a deleted record, so a later record with its id starts with none.</summary>
    public void Forget(DbConnection connection, DbTransaction transaction, string logicalName, Guid id) =>
        links.RemoveAll(connection, transaction, logicalName, id);

    private void Link(Operation operation, DbConnection connection, DbTransaction transaction)
    {
        var message = operation.MessageName;
        var target = RequireRecord(operation, "Target");
        var relationship = Require<Relationship>(operation, "Relationship");
        if (relationship.SchemaName is not { } schemaName || !Names.IsValidLogicalName(schemaName))
        {
            throw PipelineException.BadRequest($"{message} needs a Relationship with a valid schema name, not '{relationship.SchemaName}'");
        }

        var related = Require<EntityReferenceCollection>(operation, "RelatedEntities");
        if (related.Count == 0)
        {
            throw PipelineException.BadRequest($"{message} needs at least one record in RelatedEntities");
        }

        MustExist(connection, transaction, target);
        foreach (var other in related)
        {
            if (other is null || other.Id == Guid.Empty || !Names.IsValidLogicalName(other.LogicalName))
            {
                throw PipelineException.BadRequest($"every record in RelatedEntities of {message} needs an entity name and an id");
            }

            MustExist(connection, transaction, other);
            if (message == "Associate" && !links.Add(connection, transaction, schemaName, target, other))
            {
                throw PipelineException.Duplicate($"{target} and {other} are already associated through {schemaName}");
            }

            if (message == "Disassociate")
            {
                // Like Dataverse, removing a link that is not there is no error: the records are unlinked either way.
                links.Remove(connection, transaction, schemaName, target, other);
            }
        }
    }

    private void Change(Operation operation, DbConnection connection, DbTransaction transaction, EntityReference record, AttributeCollection attributes)
    {
        var changes = new Entity(record.LogicalName, record.Id);
        foreach (var attribute in attributes)
        {
            changes.Attributes[attribute.Key] = attribute.Value;
        }

        if (!entities.Update(connection, transaction, changes))
        {
            throw NotFound(record);
        }

        operation.PrimaryEntityId = record.Id;
    }

    private void Upsert(Operation operation, DbConnection connection, DbTransaction transaction)
    {
        if (operation.InputParameters.TryGetValue("Target", out var value) && value is Entity target
            && string.Equals(target.LogicalName, operation.PrimaryEntityName, StringComparison.Ordinal)
            && Names.IsValidLogicalName(target.LogicalName))
        {
            if (target.Attributes.Keys.FirstOrDefault(name => !Names.IsValidLogicalName(name)) is { } badName)
            {
                throw PipelineException.BadRequest($"'{badName}' is not a valid attribute name");
            }

            var updated = target.Id != Guid.Empty && entities.Update(connection, transaction, target);
            if (!updated)
            {
                if (target.Id == Guid.Empty)
                {
                    target.Id = Guid.NewGuid();
                }

                entities.Insert(connection, transaction, target);
            }

            operation.PrimaryEntityId = target.Id;
            operation.OutputParameters["RecordCreated"] = !updated;
            operation.OutputParameters["Target"] = new EntityReference(target.LogicalName, target.Id);
            return;
        }

        throw PipelineException.BadRequest($"Upsert needs an Entity of {operation.PrimaryEntityName} with valid names as its Target input parameter");
    }

    private void MustExist(DbConnection connection, DbTransaction transaction, EntityReference record)
    {
        if (entities.Retrieve(connection, transaction, record.LogicalName, record.Id, new ColumnSet()) is null)
        {
            throw NotFound(record);
        }
    }

    private static EntityReference RequireRecord(Operation operation, string name)
    {
        var record = Require<EntityReference>(operation, name);
        return record.Id != Guid.Empty && Names.IsValidLogicalName(record.LogicalName)
            ? record
            : throw PipelineException.BadRequest($"{operation.MessageName} needs an EntityReference with an entity name and an id as '{name}'");
    }

    private static T Require<T>(Operation operation, string name)
        where T : class =>
        operation.InputParameters.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw PipelineException.BadRequest($"{operation.MessageName} needs a {typeof(T).Name} as its '{name}' input parameter");

    private static DbTransaction Writable(DbTransaction? transaction, Operation operation) =>
        transaction ?? throw new InvalidOperationException($"{operation.MessageName} writes and must run in a transaction");

    private static PipelineException NotFound(EntityReference record) =>
        PipelineException.NotFound($"{record.LogicalName} with id {record.Id} does not exist");
}
