using Dapper;
using Microsoft.Data.Sqlite;

namespace PluginHost.Host.Storage;

/// <summary>The host schema's steps, in order; see <see cref="HostSchema"/>. Each runs inside the one migration transaction.</summary>
internal static class HostMigrations
{
    public static IReadOnlyList<Action<SqliteConnection, SqliteTransaction>> All { get; } =
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
    ];
}
