using System.Data;
using System.Globalization;
using Dapper;
using Npgsql;
using PluginHost.Host.Entities;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// The raw reference for a Create on PostgreSQL: what a hand-written Npgsql + Dapper data layer does to store the same
/// record in the same table — take a pooled connection, encode the attributes in the same stored format
/// (EntityRecordFormat), insert in its own READ COMMITTED transaction, commit — and nothing else.
/// </summary>
internal sealed class RawPgInsert(string connectionString)
{
    private const string Sql =
        "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @now, @now, 1)";

    public void Insert(string logicalName)
    {
        var entity = Rows.New(logicalName);
        var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        connection.Execute(Sql, new { name = entity.LogicalName, id = Guid.NewGuid().ToString(), attributes = EntityRecordFormat.Write(entity.Attributes), now }, transaction);
        transaction.Commit();
    }

    /// <summary>The server's durability settings both sides ran with, to show the comparison was like for like.</summary>
    public (string Fsync, string SynchronousCommit) Settings()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return (connection.ExecuteScalar<string>("SHOW fsync")!, connection.ExecuteScalar<string>("SHOW synchronous_commit")!);
    }
}
