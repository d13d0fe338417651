using Dapper;
using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// The host's own tables (entities, entity links, trace log, statistics, async jobs), as forward-only numbered steps
/// beside the registration schema in the same database. The registration schema keeps its version in
/// <c>PRAGMA user_version</c>; the host's is the <c>'host'</c> row of <c>schema_versions</c>. A migration is never edited
/// once shipped: a change is a new entry at the end.
/// </summary>
internal static class HostSchema
{
    /// <summary>The owner of the host's row in <c>schema_versions</c>.</summary>
    public const string Owner = "host";

    /// <summary>The host schema version this program writes.</summary>
    public static int Version => HostMigrations.All.Count;

    /// <summary>
    /// Brings the host's tables in <paramref name="database"/> up to <see cref="Version"/>, all in one transaction that
    /// holds the write lock from the start (BEGIN IMMEDIATE), so two processes starting on one file cannot both migrate
    /// and a failed step leaves nothing changed. A database already at this version is left as it is.
    /// </summary>
    /// <exception cref="HostSchemaException">The database's host schema is newer than this program, or a step cannot be applied.</exception>
    public static void Apply(RegistrationDatabase database)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        connection.Execute(
            "CREATE TABLE IF NOT EXISTS schema_versions (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)", transaction: transaction);
        var current = ReadVersion(connection, transaction);
        if (current > Version)
        {
            throw new HostSchemaException(
                $"database '{database.FilePath}' has host schema version {current}, newer than this program's {Version}: use a newer PluginHost");
        }

        if (current == Version)
        {
            return;
        }

        for (var version = current + 1; version <= Version; version++)
        {
            HostMigrations.All[version - 1](connection, transaction);
        }

        connection.Execute(
            "INSERT INTO schema_versions (owner, version) VALUES (@owner, @version) ON CONFLICT (owner) DO UPDATE SET version = excluded.version",
            new { owner = Owner, version = Version },
            transaction);
        transaction.Commit();
    }

    /// <summary>The host schema version of the database the connection is on; 0 before the host first applied it.</summary>
    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        connection.ExecuteScalar<int?>(
            "SELECT version FROM schema_versions WHERE owner = @owner", new { owner = Owner }, transaction) ?? 0;
}
