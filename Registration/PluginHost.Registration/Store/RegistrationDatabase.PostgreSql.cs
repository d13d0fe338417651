using Dapper;
using Npgsql;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Secrets;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationDatabase
{
    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    private const string InvalidCatalogName = "3D000";
    private const string DuplicateDatabase = "42P04";
    private const string UniqueViolation = "23505";

    /// <summary>The PostgreSQL schema version this program writes.</summary>
    public static int PostgreSqlSchemaVersion => PostgresMigrations.All.Count;

    /// <summary>
    /// The key of the transaction-scoped advisory lock that every owner's PostgreSQL migrations take first (the
    /// registration's and the host's), so that two processes starting at once never both migrate, nor both create
    /// <see cref="PostgreSqlVersionTable"/>.
    /// </summary>
    public const long PostgreSqlMigrationLock = PostgresMigrations.MigrationLock;

    /// <summary>Creates <c>schema_versions (owner, version)</c> if it is missing: run it under <see cref="PostgreSqlMigrationLock"/>.</summary>
    public const string PostgreSqlVersionTable = PostgresMigrations.VersionTable;

    /// <summary>The channel every registration change is announced on (<c>NOTIFY</c>, the new revision as payload): LISTEN on it to hear them.</summary>
    public const string PostgreSqlChangeChannel = PostgresMigrations.Channel;

    private static RegistrationDatabase OpenPostgreSql(DatabaseLocation location, string? keyFile)
    {
        var keyPath = !string.IsNullOrWhiteSpace(keyFile) ? keyFile
            : Environment.GetEnvironmentVariable(SecretKeyFile.PathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : throw new RegistrationException(
                $"database '{location.Display}' is on PostgreSQL, which keeps no key file beside it: give the key file that encrypts its secrets " +
                $"with --key-file or {SecretKeyFile.PathVariable} (the host: PluginHost__KeyFile), the same file on every host and pluginreg");
        var database = new RegistrationDatabase(location, Path.GetFullPath(keyPath));
        try
        {
            database.CreatePostgreSqlDatabaseIfMissing();
            database.MigratePostgreSql();
        }
        catch (NpgsqlException exception)
        {
            throw new RegistrationException($"cannot open database '{location.Display}': {Describe(exception)}");
        }

        return database;
    }

    /// <summary>One line: Npgsql's message with the cause it wraps (a refused connection, a DNS failure), no password.</summary>
    private static string Describe(NpgsqlException exception)
    {
        var message = exception is PostgresException server ? $"{server.MessageText} (SQLSTATE {server.SqlState})" : exception.Message;
        if (exception is not PostgresException && exception.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message.TrimEnd('.')}: {inner.Message}";
        }

        return DatabaseLocation.HidePassword(string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>
    /// Connects once; when the database does not exist yet, creates it through the <c>postgres</c> maintenance database
    /// with the same credentials (another process creating it at the same moment is fine).
    /// </summary>
    private void CreatePostgreSqlDatabaseIfMissing()
    {
        try
        {
            using var probe = OpenDbConnection();
            return;
        }
        catch (PostgresException exception) when (exception.SqlState == InvalidCatalogName)
        {
            // Created below.
        }

        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        var name = builder.Database ?? builder.Username ?? "postgres";
        builder.Database = "postgres";
        builder.Pooling = false;
        using var maintenance = new NpgsqlConnection(builder.ConnectionString);
        maintenance.Open();
        try
        {
            maintenance.Execute($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }
        catch (PostgresException exception) when (exception.SqlState is DuplicateDatabase or UniqueViolation)
        {
            // Another process created it first.
        }
    }

    /// <summary>
    /// Applies pending migrations in one transaction under an advisory lock, so that two processes starting at once on
    /// a new database do not both apply migration 1: the second waits, then finds the version the first wrote.
    /// </summary>
    private void MigratePostgreSql()
    {
        using var connection = OpenDbConnection();
        using var transaction = connection.BeginTransaction();
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresMigrations.MigrationLock }, transaction);
        connection.Execute(PostgresMigrations.VersionTable, transaction: transaction);
        var current = connection.ExecuteScalar<int?>(
            "SELECT version FROM schema_versions WHERE owner = @owner", new { owner = PostgresMigrations.Owner }, transaction) ?? 0;
        if (current > PostgresMigrations.All.Count)
        {
            throw new RegistrationException(
                $"database '{Location.Display}' has registration schema version {current}, newer than this program's {PostgresMigrations.All.Count}: use a newer PluginHost");
        }

        for (var version = current + 1; version <= PostgresMigrations.All.Count; version++)
        {
            connection.Execute(PostgresMigrations.All[version - 1], transaction: transaction);
            if (version == 1)
            {
                connection.Execute(
                    "INSERT INTO disallowed_apis (pattern, reason) VALUES (@Pattern, @Reason)",
                    DefaultDisallowedApis.All,
                    transaction);
            }

            connection.Execute(
                """
                INSERT INTO schema_versions (owner, version) VALUES (@owner, @version)
                ON CONFLICT (owner) DO UPDATE SET version = excluded.version
                """,
                new { owner = PostgresMigrations.Owner, version },
                transaction);
        }

        transaction.Commit();
    }
}
