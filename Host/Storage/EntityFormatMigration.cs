using System.Data.Common;
using Dapper;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Entities;
using PluginHost.Sandbox.Protocol;

namespace PluginHost.Host.Storage;

/// <summary>
/// SQLite host migration 2: every record from the sandbox wire codec (a count, then name and codec value pairs, in a BLOB) to
/// <see cref="EntityRecordFormat"/> (JSON in a TEXT column). The table is rebuilt, since SQLite cannot change a
/// column's declared type; rows are read in slices of <see cref="SliceSize"/> by key, so memory stays flat however many
/// there are. A row that cannot be converted stops the migration, naming it, and nothing is changed.
/// </summary>
internal static class EntityFormatMigration
{
    /// <summary>Rows converted per read.</summary>
    public const int SliceSize = 500;

    public static void Apply(DbConnection connection, DbTransaction transaction)
    {
        connection.Execute(
            """
            CREATE TABLE entities_rebuilt (
                logical_name TEXT NOT NULL,
                id TEXT NOT NULL,
                attributes TEXT NOT NULL,
                created_on TEXT NOT NULL,
                modified_on TEXT NOT NULL,
                row_version INTEGER NOT NULL,
                PRIMARY KEY (logical_name, id)
            ) WITHOUT ROWID;
            """,
            transaction: transaction);

        var after = (LogicalName: "", Id: "");
        while (true)
        {
            var slice = connection.Query<CodecRow>(
                    """
                    SELECT logical_name AS LogicalName, id AS Id, attributes AS Attributes, created_on AS CreatedOn,
                           modified_on AS ModifiedOn, row_version AS RowVersion
                    FROM entities WHERE (logical_name, id) > (@LogicalName, @Id) ORDER BY logical_name, id LIMIT @SliceSize
                    """,
                    new { after.LogicalName, after.Id, SliceSize },
                    transaction)
                .ToList();
            if (slice.Count == 0)
            {
                break;
            }

            connection.Execute(
                """
                INSERT INTO entities_rebuilt (logical_name, id, attributes, created_on, modified_on, row_version)
                VALUES (@LogicalName, @Id, @Attributes, @CreatedOn, @ModifiedOn, @RowVersion)
                """,
                slice.Select(row => new { row.LogicalName, row.Id, Attributes = Convert(row), row.CreatedOn, row.ModifiedOn, row.RowVersion }),
                transaction);
            after = (slice[^1].LogicalName, slice[^1].Id);
        }

        connection.Execute(
            """
            DROP TABLE entities;
            ALTER TABLE entities_rebuilt RENAME TO entities;
            """,
            transaction: transaction);
    }

    private static string Convert(CodecRow row)
    {
        var attributes = new AttributeCollection();
        try
        {
            using var reader = new BinaryReader(new MemoryStream(row.Attributes));
            var count = reader.ReadInt32();
            for (var index = 0; index < count; index++)
            {
                var name = reader.ReadString();
                attributes[name] = ValueCodec.Read(reader);
            }

            return EntityRecordFormat.Write(attributes);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or NotSupportedException or InvalidCastException)
        {
            throw new HostSchemaException(
                $"record {row.LogicalName} {row.Id} cannot be converted to the entity format: {exception.Message}; nothing was changed (fix or delete that row, then start the host again)",
                exception);
        }
    }

    /// <summary>A row as the codec-era table holds it.</summary>
    private sealed record CodecRow(string LogicalName, string Id, byte[] Attributes, string CreatedOn, string ModifiedOn, long RowVersion);
}
