using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
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

    public void Insert(DbConnection connection, DbTransaction transaction, Entity entity, CancellationToken cancellation = default)
    {
        StorableValues.Check(entity.Attributes);
        var now = Now();
        try
        {
            using var command = Command(
                connection,
                transaction,
                "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @now, @now, 1)",
                ("@name", entity.LogicalName),
                ("@id", entity.Id.ToString()),
                ("@attributes", Encode(entity.Attributes)),
                ("@now", now));
            Run(command, static command => command.ExecuteNonQuery(), cancellation);
        }
        catch (DbException exception) when (Storage.DatabaseErrors.IsDuplicateKey(exception))
        {
            throw PipelineException.Duplicate($"a {entity.LogicalName} record with id {entity.Id} already exists");
        }
    }

    public Entity? Retrieve(DbConnection connection, DbTransaction? transaction, string logicalName, Guid id, ColumnSet? columns, CancellationToken cancellation = default)
    {
        using var command = Command(
            connection, transaction, "SELECT attributes FROM entities WHERE logical_name = @logicalName AND id = @id", ("@logicalName", logicalName), ("@id", id.ToString()));
        var attributes = Run(command, static command => command.ExecuteScalar(), cancellation) as string;
        return attributes is null ? null : Materialize(logicalName, id, attributes, columns);
    }

    /// <summary>Merges the Target's attributes into the stored record; false when there is no such record.</summary>
    public bool Update(DbConnection connection, DbTransaction transaction, Entity changes, CancellationToken cancellation = default)
    {
        // Only the changes are checked: a value stored before a rule existed must not make the record unchangeable.
        StorableValues.Check(changes.Attributes);
        // Read with the row locked until commit: a concurrent Update of the same record waits here and then merges into
        // this one's result, so neither loses the other's attributes (different records do not wait for each other).
        string? stored;
        using (var read = Command(
            connection,
            transaction,
            "SELECT attributes FROM entities WHERE logical_name = @name AND id = @id" + Storage.HostDatabase.LockForUpdate(connection),
            ("@name", changes.LogicalName),
            ("@id", changes.Id.ToString())))
        {
            stored = Run(read, static command => command.ExecuteScalar(), cancellation) as string;
        }

        if (stored is null)
        {
            return false;
        }

        var current = Materialize(changes.LogicalName, changes.Id, stored, null);

        foreach (var attribute in changes.Attributes)
        {
            current.Attributes[attribute.Key] = attribute.Value;
        }

        using var write = Command(
            connection,
            transaction,
            "UPDATE entities SET attributes = @attributes, modified_on = @now, row_version = row_version + 1 WHERE logical_name = @name AND id = @id",
            ("@attributes", Encode(current.Attributes)),
            ("@now", Now()),
            ("@name", changes.LogicalName),
            ("@id", changes.Id.ToString()));
        Run(write, static command => command.ExecuteNonQuery(), cancellation);
        return true;
    }

    public bool Delete(DbConnection connection, DbTransaction transaction, string logicalName, Guid id, CancellationToken cancellation = default)
    {
        using var command = Command(
            connection, transaction, "DELETE FROM entities WHERE logical_name = @logicalName AND id = @id", ("@logicalName", logicalName), ("@id", id.ToString()));
        return Run(command, static command => command.ExecuteNonQuery(), cancellation) > 0;
    }

    /// <summary>
    /// A command with its parameters. Written by hand rather than through Dapper: Dapper's synchronous calls have no
    /// way to cancel a running statement, and the engine's are synchronous (plug-ins call it through the SDK's
    /// synchronous <c>IOrganizationService</c>).
    /// </summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// Runs <paramref name="command"/>; when <paramref name="cancellation"/> fires meanwhile, the statement is cancelled
    /// on the server (Npgsql sends PostgreSQL a cancel request; SQLite interrupts) and the call ends with
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    private static T Run<T>(DbCommand command, Func<DbCommand, T> run, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        using var cancel = cancellation.Register(static state => ((DbCommand)state!).Cancel(), command);
        try
        {
            return run(command);
        }
        catch (DbException exception) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("the request was cancelled while the database ran its statement", exception, cancellation);
        }
    }

    /// <summary>
    /// Runs a query of any supported kind. Filtering, joining and sorting happen in memory over the rows of each entity the
    /// query touches, each read once (records are schema-less blobs, so SQL cannot see their attributes).
    /// </summary>
    public EntityCollection RetrieveMultiple(DbConnection connection, DbTransaction? transaction, QueryBase query, QueryContext context, CancellationToken cancellation = default)
    {
        var plan = QueryTranslator.Translate(query);
        var loaded = new Dictionary<string, IReadOnlyList<Entity>>(StringComparer.Ordinal);
        IReadOnlyList<Entity> Load(string entityName)
        {
            if (!loaded.TryGetValue(entityName, out var records))
            {
                loaded[entityName] = records = ReadAll(connection, transaction, entityName, cancellation);
            }

            return records;
        }

        return new QueryEngine(Load, context, _maxPageSize).Run(plan);
    }

    // A query decodes every record of an entity: on SQLite the attributes column is read as SQLite's own UTF-8 bytes,
    // never as a UTF-16 string that the format's reader would turn back into UTF-8 (Dapper reads TEXT only as a string;
    // of string, byte[] and stream, the byte[] read of 10,000 rows was the cheapest in most runs). PostgreSQL's text
    // comes as a string.
    private static List<Entity> ReadAll(DbConnection connection, DbTransaction? transaction, string entityName, CancellationToken cancellation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, attributes FROM entities WHERE logical_name = @entityName ORDER BY created_on, id";
        command.Transaction = transaction;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@entityName";
        parameter.Value = entityName;
        command.Parameters.Add(parameter);
        using var reader = Run(command, static command => command.ExecuteReader(), cancellation);
        using var cancel = cancellation.Register(static state => ((DbCommand)state!).Cancel(), command);
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
