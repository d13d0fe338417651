using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Dapper;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities.Queries;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities;

/// <summary>
/// The core operations on schema-less records: one row per record, its attributes in the entity store's own typed JSON
/// (<see cref="EntityRecordFormat"/>), so every stored value keeps its type.
/// </summary>
internal sealed class EntityRepository(Microsoft.Extensions.Options.IOptions<PluginHostOptions> options)
{
    private readonly int _maxPageSize = options.Value.MaxPageSize;

    public void Insert(DbConnection connection, DbTransaction transaction, Entity entity)
    {
        StorableValues.Check(entity.Attributes);
        var now = Now();
        try
        {
            connection.Execute(
                "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @now, @now, 1)",
                new { name = entity.LogicalName, id = entity.Id.ToString(), attributes = Encode(entity.Attributes), now },
                transaction);
        }
        catch (DbException exception) when (Storage.DatabaseErrors.IsDuplicateKey(exception))
        {
            throw PipelineException.Duplicate($"a {entity.LogicalName} record with id {entity.Id} already exists");
        }
    }

    public Entity? Retrieve(DbConnection connection, DbTransaction? transaction, string logicalName, Guid id, ColumnSet? columns)
    {
        var attributes = connection.QuerySingleOrDefault<string>(
            "SELECT attributes FROM entities WHERE logical_name = @logicalName AND id = @id",
            new { logicalName, id = id.ToString() },
            transaction);
        return attributes is null ? null : Materialize(logicalName, id, attributes, columns);
    }

    /// <summary>Merges the Target's attributes into the stored record; false when there is no such record.</summary>
    public bool Update(DbConnection connection, DbTransaction transaction, Entity changes)
    {
        // Only the changes are checked: a value stored before a rule existed must not make the record unchangeable.
        StorableValues.Check(changes.Attributes);
        // Read with the row locked until commit: a concurrent Update of the same record waits here and then merges into
        // this one's result, so neither loses the other's attributes (different records do not wait for each other).
        var stored = connection.QuerySingleOrDefault<string>(
            "SELECT attributes FROM entities WHERE logical_name = @name AND id = @id" + Storage.HostDatabase.LockForUpdate(connection),
            new { name = changes.LogicalName, id = changes.Id.ToString() },
            transaction);
        if (stored is null)
        {
            return false;
        }

        var current = Materialize(changes.LogicalName, changes.Id, stored, null);

        foreach (var attribute in changes.Attributes)
        {
            current.Attributes[attribute.Key] = attribute.Value;
        }

        connection.Execute(
            "UPDATE entities SET attributes = @attributes, modified_on = @now, row_version = row_version + 1 WHERE logical_name = @name AND id = @id",
            new { attributes = Encode(current.Attributes), now = Now(), name = changes.LogicalName, id = changes.Id.ToString() },
            transaction);
        return true;
    }

    public bool Delete(DbConnection connection, DbTransaction transaction, string logicalName, Guid id) =>
        connection.Execute(
            "DELETE FROM entities WHERE logical_name = @logicalName AND id = @id", new { logicalName, id = id.ToString() }, transaction) > 0;

    /// <summary>
    /// Runs a query of any supported kind. Filtering, joining and sorting happen in memory over the rows of each entity the
    /// query touches, each read once (records are schema-less blobs, so SQL cannot see their attributes).
    /// </summary>
    public EntityCollection RetrieveMultiple(DbConnection connection, DbTransaction? transaction, QueryBase query, QueryContext context)
    {
        var plan = QueryTranslator.Translate(query);
        var loaded = new Dictionary<string, IReadOnlyList<Entity>>(StringComparer.Ordinal);
        IReadOnlyList<Entity> Load(string entityName)
        {
            if (!loaded.TryGetValue(entityName, out var records))
            {
                loaded[entityName] = records = ReadAll(connection, transaction, entityName);
            }

            return records;
        }

        return new QueryEngine(Load, context, _maxPageSize).Run(plan);
    }

    // A query decodes every record of an entity: on SQLite the attributes column is read as SQLite's own UTF-8 bytes,
    // never as a UTF-16 string that the format's reader would turn back into UTF-8 (Dapper reads TEXT only as a string;
    // of string, byte[] and stream, the byte[] read of 10,000 rows was the cheapest in most runs). PostgreSQL's text
    // comes as a string.
    private static List<Entity> ReadAll(DbConnection connection, DbTransaction? transaction, string entityName)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, attributes FROM entities WHERE logical_name = @entityName ORDER BY created_on, id";
        command.Transaction = transaction;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@entityName";
        parameter.Value = entityName;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        var asBytes = reader is SqliteDataReader;
        var records = new List<Entity>();
        while (reader.Read())
        {
            var entity = new Entity(entityName, Guid.Parse(reader.GetString(0)));
            if (asBytes)
            {
                EntityRecordFormat.Read(reader.GetFieldValue<byte[]>(1), entity);
            }
            else
            {
                EntityRecordFormat.Read(reader.GetString(1), entity);
            }

            records.Add(entity);
        }

        return records;
    }

    private static Entity Materialize(string logicalName, Guid id, string attributes, ColumnSet? columns)
    {
        var entity = new Entity(logicalName, id);
        EntityRecordFormat.Read(attributes, entity, columns);
        return entity;
    }

    /// <summary>The stored form of a record's attributes (a value the format cannot keep: NotSupportedException, which the engine answers with BadRequest).</summary>
    internal static string Encode(AttributeCollection attributes) => EntityRecordFormat.Write(attributes);

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
