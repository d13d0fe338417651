using System.Data.Common;
using Dapper;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// The host's own tables (entities, entity links, trace log, statistics, async jobs), as forward-only numbered steps
/// beside the registration schema in the same database, one list per backend (<see cref="HostMigrations"/>). The
/// host's version is the <c>'host'</c> row of <c>schema_versions</c> on both (the registration's is
/// <c>PRAGMA user_version</c> on SQLite, the <c>'registration'</c> row on PostgreSQL). A migration is never edited once
/// shipped: a change is a new entry at the end.
/// </summary>
internal static class HostSchema
{
    /// <summary>The owner of the host's row in <c>schema_versions</c>.</summary>
    public const string Owner = "host";

    /// <summary>The SQLite host schema version this program writes.</summary>
    public static int Version => HostMigrations.Sqlite.Count;

    /// <summary>The PostgreSQL host schema version this program writes.</summary>
    public static int PostgreSqlVersion => HostMigrations.PostgreSql.Count;

    /// <summary>The host schema version this program writes on <paramref name="backend"/>.</summary>
    public static int VersionOn(DatabaseBackend backend) => HostMigrations.For(backend).Count;

    /// <summary>
    /// Brings the host's tables in <paramref name="database"/> up to this program's version, all in one transaction, so
    /// a failed step leaves nothing changed and two processes starting on one database cannot both migrate: on SQLite
    /// the transaction holds the write lock from the start (BEGIN IMMEDIATE); on PostgreSQL it first takes the advisory
    /// lock the registration's migrations take too, so neither races the other creating <c>schema_versions</c>. A
    /// database already at this version is left as it is.
    /// </summary>
    /// <exception cref="HostSchemaException">The database's host schema is newer than this program, or a step cannot be applied.</exception>
    public static void Apply(RegistrationDatabase database)
    {
        var backend = database.Location.Backend;
        var migrations = HostMigrations.For(backend);
        using var connection = database.OpenDbConnection();
        using var transaction = HostDatabase.BeginWrite(connection);
        if (backend == DatabaseBackend.PostgreSql)
        {
            connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = RegistrationDatabase.PostgreSqlMigrationLock }, transaction);
            connection.Execute(RegistrationDatabase.PostgreSqlVersionTable, transaction: transaction);
        }
        else
        {
            connection.Execute(
                "CREATE TABLE IF NOT EXISTS schema_versions (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)", transaction: transaction);
        }

        var current = ReadVersion(connection, transaction);
        if (current > migrations.Count)
        {
            throw new HostSchemaException(
                $"database '{database.Location.Display}' has host schema version {current}, newer than this program's {migrations.Count}: use a newer PluginHost");
        }

        if (current == migrations.Count)
        {
            return;
        }

        for (var version = current + 1; version <= migrations.Count; version++)
        {
            migrations[version - 1](connection, transaction);
        }

        connection.Execute(
            "INSERT INTO schema_versions (owner, version) VALUES (@owner, @version) ON CONFLICT (owner) DO UPDATE SET version = excluded.version",
            new { owner = Owner, version = migrations.Count },
            transaction);
        transaction.Commit();
    }

    /// <summary>The host schema version of the database the connection is on; 0 before the host first applied it.</summary>
    public static int ReadVersion(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalar<int?>(
            "SELECT version FROM schema_versions WHERE owner = @owner", new { owner = Owner }, transaction) ?? 0;
}
