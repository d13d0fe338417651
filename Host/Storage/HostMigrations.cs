using System.Data.Common;
using Dapper;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// The host schema's steps, in order, one list per backend; see <see cref="HostSchema"/>. Each runs inside the one
/// migration transaction. The two lists give the same tables to the same SQL: the host's queries are written once.
/// </summary>
internal static class HostMigrations
{
    /// <summary>The steps for <paramref name="backend"/>.</summary>
    public static IReadOnlyList<Action<DbConnection, DbTransaction>> For(DatabaseBackend backend) =>
        backend == DatabaseBackend.PostgreSql ? PostgreSql : Sqlite;

    /// <summary>The SQLite steps.</summary>
    public static IReadOnlyList<Action<DbConnection, DbTransaction>> Sqlite { get; } =
    [
        // 1: the host's tables, as the registration schema's migrations 2, 4 and 6 used to create them (they no longer
        // do). IF NOT EXISTS with the very same shapes adopts them, rows and all, in a database made by those migrations,
        // and creates them in a new one.
        (connection, transaction) => connection.Execute(
            """
            CREATE TABLE IF NOT EXISTS entities (
                logical_name TEXT NOT NULL,
                id TEXT NOT NULL,
                attributes BLOB NOT NULL,
                created_on TEXT NOT NULL,
                modified_on TEXT NOT NULL,
                row_version INTEGER NOT NULL,
                PRIMARY KEY (logical_name, id)
            ) WITHOUT ROWID;

            CREATE TABLE IF NOT EXISTS trace_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                step_id TEXT NULL,
                plugin_type TEXT NOT NULL,
                message TEXT NOT NULL,
                entity TEXT NULL,
                stage INTEGER NOT NULL,
                mode INTEGER NOT NULL,
                depth INTEGER NOT NULL,
                correlation_id TEXT NOT NULL,
                started_on TEXT NOT NULL,
                duration_ms REAL NOT NULL,
                outcome TEXT NOT NULL,
                trace_text TEXT NULL,
                exception TEXT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_trace_log_correlation ON trace_log (correlation_id);
            -- The trace log is pruned by age (PluginHost:TraceRetentionDays); this index keeps that a range delete.
            CREATE INDEX IF NOT EXISTS ix_trace_log_started ON trace_log (started_on);

            CREATE TABLE IF NOT EXISTS plugin_statistics (
                plugin_type TEXT PRIMARY KEY,
                executions INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                crashes INTEGER NOT NULL,
                timeouts INTEGER NOT NULL,
                memory_breaches INTEGER NOT NULL,
                total_ms REAL NOT NULL,
                p95_ms REAL NOT NULL,
                unload_failures INTEGER NOT NULL,
                updated_on TEXT NOT NULL
            );

            CREATE TABLE IF NOT EXISTS async_jobs (
                id TEXT PRIMARY KEY,
                step_id TEXT NOT NULL,
                plugin_type TEXT NOT NULL,
                message TEXT NOT NULL,
                entity TEXT NULL,
                correlation_id TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_on TEXT NOT NULL,
                last_error TEXT NULL,
                context BLOB NOT NULL,
                created_on TEXT NOT NULL,
                modified_on TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_async_jobs_status ON async_jobs (status, next_attempt_on);

            -- The many-to-many links of Associate. A link is kept once, its two ends in a fixed order, so it is the same
            -- link whichever end associated it.
            CREATE TABLE IF NOT EXISTS entity_links (
                relationship TEXT NOT NULL,
                entity1 TEXT NOT NULL,
                id1 TEXT NOT NULL,
                entity2 TEXT NOT NULL,
                id2 TEXT NOT NULL,
                created_on TEXT NOT NULL,
                PRIMARY KEY (relationship, entity1, id1, entity2, id2)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_entity_links_end2 ON entity_links (entity2, id2);
            CREATE INDEX IF NOT EXISTS ix_entity_links_end1 ON entity_links (entity1, id1);
            """,
            transaction: transaction),

        // 2: records in the entity store's own JSON format (EntityRecordFormat) instead of the sandbox's wire codec, in
        // a TEXT column. SQL cannot read the codec, so the rows are converted here, in slices; see EntityFormatMigration.
        EntityFormatMigration.Apply,

        // 3: several hosts on one database; see ScaleOutSql.
        (connection, transaction) => connection.Execute(ScaleOutSql("TEXT", "INTEGER", "REAL"), transaction: transaction),
    ];

    /// <summary>
    /// The PostgreSQL steps. 1 is the SQLite schema after its step 2, so that one SQL text serves both: every integer
    /// is <c>bigint</c> (SQLite's INTEGER is 64-bit, and Dapper then maps the same .NET types), times are ISO 8601
    /// text as on SQLite, blobs are <c>bytea</c>, and ids are GUID text as the store writes them. The text columns that
    /// are keys or ordered by are <c>COLLATE "C"</c>: byte order, as SQLite's BINARY, whatever the database's locale,
    /// so a page of records comes in the same order on both, and key comparisons skip the locale's rules.
    /// </summary>
    /// <remarks>
    /// A record's attributes are <c>text</c>, not <c>jsonb</c>: the store never queries inside them (filters run in
    /// memory over whole records), so jsonb would only cost a parse on every write and give back a re-ordered,
    /// re-formatted document, where text keeps exactly what <c>EntityRecordFormat</c> wrote, as on SQLite.
    /// </remarks>
    public static IReadOnlyList<Action<DbConnection, DbTransaction>> PostgreSql { get; } =
    [
        // 1: the host's tables.
        (connection, transaction) => connection.Execute(
            """
            CREATE TABLE entities (
                logical_name text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                attributes text NOT NULL,
                created_on text COLLATE "C" NOT NULL,
                modified_on text NOT NULL,
                row_version bigint NOT NULL,
                PRIMARY KEY (logical_name, id)
            );

            CREATE TABLE trace_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                step_id text NULL,
                plugin_type text NOT NULL,
                message text NOT NULL,
                entity text NULL,
                stage bigint NOT NULL,
                mode bigint NOT NULL,
                depth bigint NOT NULL,
                correlation_id text COLLATE "C" NOT NULL,
                started_on text COLLATE "C" NOT NULL,
                duration_ms double precision NOT NULL,
                outcome text NOT NULL,
                trace_text text NULL,
                exception text NULL
            );
            CREATE INDEX ix_trace_log_correlation ON trace_log (correlation_id);
            -- The trace log is pruned by age (PluginHost:TraceRetentionDays); this index keeps that a range delete.
            CREATE INDEX ix_trace_log_started ON trace_log (started_on);

            CREATE TABLE plugin_statistics (
                plugin_type text PRIMARY KEY,
                executions bigint NOT NULL,
                failures bigint NOT NULL,
                crashes bigint NOT NULL,
                timeouts bigint NOT NULL,
                memory_breaches bigint NOT NULL,
                total_ms double precision NOT NULL,
                p95_ms double precision NOT NULL,
                unload_failures bigint NOT NULL,
                updated_on text NOT NULL
            );

            CREATE TABLE async_jobs (
                id text COLLATE "C" PRIMARY KEY,
                step_id text NOT NULL,
                plugin_type text NOT NULL,
                message text NOT NULL,
                entity text NULL,
                correlation_id text NOT NULL,
                status text COLLATE "C" NOT NULL,
                attempts bigint NOT NULL,
                next_attempt_on text COLLATE "C" NOT NULL,
                last_error text NULL,
                context bytea NOT NULL,
                created_on text COLLATE "C" NOT NULL,
                modified_on text NOT NULL
            );
            CREATE INDEX ix_async_jobs_status ON async_jobs (status, next_attempt_on);

            -- The many-to-many links of Associate. A link is kept once, its two ends in a fixed order, so it is the same
            -- link whichever end associated it.
            CREATE TABLE entity_links (
                relationship text COLLATE "C" NOT NULL,
                entity1 text COLLATE "C" NOT NULL,
                id1 text COLLATE "C" NOT NULL,
                entity2 text COLLATE "C" NOT NULL,
                id2 text COLLATE "C" NOT NULL,
                created_on text NOT NULL,
                PRIMARY KEY (relationship, entity1, id1, entity2, id2)
            );
            CREATE INDEX ix_entity_links_end2 ON entity_links (entity2, id2);
            CREATE INDEX ix_entity_links_end1 ON entity_links (entity1, id1);
            """,
            transaction: transaction),

        // 2: several hosts on one database; see ScaleOutSql.
        (connection, transaction) => connection.Execute(ScaleOutSql("text COLLATE \"C\"", "bigint", "double precision"), transaction: transaction),
    ];

    /// <summary>
    /// The step that lets several hosts share one database (SQLite 3, PostgreSQL 2), in the backend's column types:
    /// <list type="bullet">
    /// <item>an async job's lease: the instance of the host running it (<c>lease_owner</c>), until when its claim holds
    /// unless renewed (<c>lease_expires_on</c>), and the name of the host that last claimed it (<c>host</c>);</item>
    /// <item>statistics per host: <c>plugin_statistics</c> gains the host in its key (rows that an older version might
    /// have left keep their counts under the host name <c>(unnamed)</c>), and <c>host_statistics</c> holds each host's
    /// own figures (load contexts, sandbox workers) as JSON, with when it started and was last heard of.</item>
    /// </list>
    /// </summary>
    private static string ScaleOutSql(string text, string integer, string real) =>
        $"""
        ALTER TABLE async_jobs ADD COLUMN lease_owner {text} NULL;
        ALTER TABLE async_jobs ADD COLUMN lease_expires_on {text} NULL;
        ALTER TABLE async_jobs ADD COLUMN host {text} NULL;
        CREATE INDEX ix_async_jobs_lease ON async_jobs (status, lease_expires_on);

        CREATE TABLE plugin_statistics_by_host (
            host {text} NOT NULL,
            plugin_type {text} NOT NULL,
            executions {integer} NOT NULL,
            failures {integer} NOT NULL,
            crashes {integer} NOT NULL,
            timeouts {integer} NOT NULL,
            memory_breaches {integer} NOT NULL,
            total_ms {real} NOT NULL,
            p95_ms {real} NOT NULL,
            updated_on {text} NOT NULL,
            PRIMARY KEY (host, plugin_type)
        );
        INSERT INTO plugin_statistics_by_host (host, plugin_type, executions, failures, crashes, timeouts, memory_breaches, total_ms, p95_ms, updated_on)
            SELECT '(unnamed)', plugin_type, executions, failures, crashes, timeouts, memory_breaches, total_ms, p95_ms, updated_on FROM plugin_statistics;
        DROP TABLE plugin_statistics;
        ALTER TABLE plugin_statistics_by_host RENAME TO plugin_statistics;

        CREATE TABLE host_statistics (
            host {text} PRIMARY KEY,
            instance_id {text} NOT NULL,
            started_on {text} NOT NULL,
            last_seen_on {text} NOT NULL,
            counters {text} NOT NULL
        );
        """;
}
