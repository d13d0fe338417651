using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PluginHost.Registration.Store;

/// <summary>
/// What the store's SQL must say differently on SQLite and PostgreSQL; everything else is written once, in the SQL
/// both understand (<c>lower()</c> for names unique whatever their case, <c>ON CONFLICT DO NOTHING</c>, ISO 8601 text
/// for times, 0 and 1 for flags).
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    public static SqlDialect For(DatabaseBackend backend) => backend == DatabaseBackend.PostgreSql ? PostgreSql : Sqlite;

    /// <summary>A condition true when <paramref name="column"/> holds a sealed (encrypted) secret, not plain text.</summary>
    public abstract string IsSealed(string column);

    /// <summary>
    /// Starts a transaction that validates and then writes registrations, holding the registration write lock from its
    /// first statement so that what it validated cannot change before it writes.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    private sealed class SqliteDialect : SqlDialect
    {
        // Secrets from a version before encryption are text in the same column until the database is next opened.
        public override string IsSealed(string column) => $"typeof({column}) = 'blob'";

        // BEGIN IMMEDIATE: SQLite has one writer; taking its lock before the first read makes validate-then-write atomic.
        public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    private sealed class PostgreSqlDialect : SqlDialect
    {
        // The columns are bytea: a secret is always sealed on PostgreSQL.
        public override string IsSealed(string column) => "TRUE";

        // READ COMMITTED plus one transaction-scoped advisory lock that every registration change takes first: changes
        // are serialized across processes as SQLite's single writer serializes them, so a change's checks (a name not
        // taken, a type without steps) still hold when it writes. Registration changes are rare admin actions; readers
        // (the hosts) never take the lock and are never blocked by it.
        public override DbTransaction BeginWrite(DbConnection connection)
        {
            var transaction = connection.BeginTransaction();
            connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresMigrations.WriteLock }, transaction);
            return transaction;
        }
    }
}
