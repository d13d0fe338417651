using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Entities;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// The raw reference for a Create: what a hand-written Dapper data layer does to store the same record in the same
/// schema — take a pooled connection, encode the attributes in the same stored format (EntityRecordFormat), insert in its own transaction,
/// commit — with the same durability (WAL, synchronous = NORMAL) and nothing else.
/// </summary>
internal sealed class RawInsert
{
    private const string Sql =
        "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @now, @now, 1)";

    private readonly string _connectionString;

    public RawInsert(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();

        // Durability and busy waiting are properties of the connection, kept while it sits in the pool: set them once,
        // as a raw data layer configures its connections once, instead of paying for them on every insert. Without a
        // busy timeout, Microsoft.Data.Sqlite answers a lock held by the engine's background work with a 150 ms sleep.
        using var connection = Open();
        connection.Execute("PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;");
    }

    public void Insert(string logicalName)
    {
        var entity = Rows.New(logicalName);
        var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute(Sql, new { name = entity.LogicalName, id = Guid.NewGuid().ToString(), attributes = EntityRecordFormat.Write(entity.Attributes), now }, transaction);
        transaction.Commit();
    }

    /// <summary>The settings the raw inserts ran with (synchronous 1 = NORMAL), to show the comparison was like for like.</summary>
    public (long Synchronous, long BusyTimeout) Settings()
    {
        using var connection = Open();
        return (connection.ExecuteScalar<long>("PRAGMA synchronous;"), connection.ExecuteScalar<long>("PRAGMA busy_timeout;"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
