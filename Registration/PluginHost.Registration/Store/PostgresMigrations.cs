namespace PluginHost.Registration.Store;

/// <summary>
/// The registration schema on PostgreSQL, as forward-only numbered steps of its own (1 is the SQLite schema after its
/// migration 7, registration tables only). The version applied last is kept in <c>schema_versions</c> under the owner
/// <c>registration</c>; a migration is never edited once shipped.
/// </summary>
/// <remarks>
/// Kept so that the same Dapper rows map on both backends: every integer is <c>bigint</c> (SQLite's INTEGER is 64-bit),
/// flags are <c>bigint</c> 0 or 1 as in SQLite, times are ISO 8601 text, secrets are <c>bytea</c>. Names that are
/// unique whatever their case (COLLATE NOCASE in SQLite) have a unique index on <c>lower(name)</c>, and the store
/// compares them with <c>lower()</c> on both backends.
/// </remarks>
internal static class PostgresMigrations
{
    /// <summary>The owner of these migrations in <c>schema_versions</c>.</summary>
    public const string Owner = "registration";

    /// <summary>The channel a registration change is announced on, with the new revision as payload.</summary>
    public const string Channel = "pluginhost_registration";

    private static readonly string[] RevisionTables =
    [
        "assemblies", "plugin_types", "messages", "steps", "step_secure_configs", "step_images", "disallowed_apis",
        "service_endpoints", "service_endpoint_secrets", "users", "packages", "trusted_assemblies",
    ];

    /// <summary>
    /// The advisory lock every owner's migrations run under (registration and host alike): one key, so that two
    /// processes starting at once never both migrate, nor both create <c>schema_versions</c>.
    /// </summary>
    public const long MigrationLock = 0x5048_4D49_4752_4154; // "PHMIGRAT"

    /// <summary>The advisory lock every registration change takes first (<see cref="SqlDialect.BeginWrite"/>).</summary>
    public const long WriteLock = 0x5048_5245_4757_5249; // "PHREGWRI"

    /// <summary>Made before any migration runs, in the migrating transaction; shared with the host's migrations.</summary>
    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_versions (owner text PRIMARY KEY, version integer NOT NULL)";

    public static IReadOnlyList<string> All { get; } =
    [
        // 1: the registration tables. Every change to one bumps registration_state.revision, row by row as SQLite's
        // triggers do, and announces the new revision with NOTIFY so that hosts listening learn of it at once.
        $$"""
        CREATE TABLE registration_state (
            id bigint PRIMARY KEY CHECK (id = 1),
            revision bigint NOT NULL
        );
        INSERT INTO registration_state (id, revision) VALUES (1, 1);

        CREATE TABLE packages (
            id text PRIMARY KEY,
            name text NOT NULL,
            version text NOT NULL,
            sha256 text NOT NULL,
            isolation bigint NOT NULL CHECK (isolation IN (1, 2)),
            description text NULL,
            registered_on text NOT NULL,
            modified_on text NOT NULL
        );
        CREATE UNIQUE INDEX ux_packages_name ON packages (lower(name));

        CREATE TABLE assemblies (
            id text PRIMARY KEY,
            name text NOT NULL,
            version text NOT NULL,
            culture text NOT NULL,
            public_key_token text NULL,
            sha256 text NOT NULL,
            content bytea NOT NULL,
            isolation bigint NOT NULL CHECK (isolation IN (1, 2)),
            description text NULL,
            registered_on text NOT NULL,
            modified_on text NOT NULL,
            package_id text NULL REFERENCES packages (id) ON DELETE CASCADE,
            file_name text NOT NULL
        );
        CREATE UNIQUE INDEX ux_assemblies_lone ON assemblies (name, version) WHERE package_id IS NULL;
        CREATE UNIQUE INDEX ux_assemblies_package ON assemblies (package_id, name) WHERE package_id IS NOT NULL;

        CREATE TABLE plugin_types (
            id text PRIMARY KEY,
            assembly_id text NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
            type_name text NOT NULL,
            UNIQUE (assembly_id, type_name)
        );

        CREATE TABLE messages (
            name text PRIMARY KEY,
            is_custom bigint NOT NULL CHECK (is_custom IN (0, 1)),
            description text NULL
        );
        CREATE UNIQUE INDEX ux_messages_name ON messages (lower(name));
        INSERT INTO messages (name, is_custom) VALUES
            ('Create', 0), ('Retrieve', 0), ('RetrieveMultiple', 0), ('Update', 0), ('Delete', 0),
            ('Associate', 0), ('Disassociate', 0), ('Assign', 0), ('SetState', 0), ('WhoAmI', 0), ('Upsert', 0),
            ('ExecuteMultiple', 0), ('ExecuteTransaction', 0);

        CREATE TABLE steps (
            id text PRIMARY KEY,
            name text NOT NULL,
            plugin_type_id text NOT NULL REFERENCES plugin_types (id),
            message text NOT NULL REFERENCES messages (name),
            entity text NULL,
            stage bigint NOT NULL CHECK (stage IN (10, 20, 30, 40)),
            mode bigint NOT NULL CHECK (mode IN (0, 1)),
            rank bigint NOT NULL,
            filtering_attributes text NULL,
            unsecure_config text NULL,
            enabled bigint NOT NULL CHECK (enabled IN (0, 1)),
            async_auto_delete bigint NOT NULL CHECK (async_auto_delete IN (0, 1)),
            description text NULL,
            registered_on text NOT NULL,
            modified_on text NOT NULL
        );
        CREATE INDEX ix_steps_message ON steps (message, stage);
        CREATE INDEX ix_steps_type ON steps (plugin_type_id);

        -- Kept apart from steps so that listing steps can never leak it; always sealed (never plain text) here.
        CREATE TABLE step_secure_configs (
            step_id text PRIMARY KEY REFERENCES steps (id) ON DELETE CASCADE,
            config bytea NOT NULL
        );

        CREATE TABLE step_images (
            id text PRIMARY KEY,
            step_id text NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
            kind bigint NOT NULL CHECK (kind IN (0, 1, 2)),
            alias text NOT NULL,
            attributes text NULL,
            registered_on text NOT NULL,
            UNIQUE (step_id, alias)
        );

        CREATE TABLE disallowed_apis (
            pattern text PRIMARY KEY,
            reason text NOT NULL
        );

        CREATE TABLE service_endpoints (
            id text PRIMARY KEY,
            name text NOT NULL,
            url text NOT NULL,
            description text NULL,
            registered_on text NOT NULL,
            modified_on text NOT NULL
        );
        CREATE UNIQUE INDEX ux_service_endpoints_name ON service_endpoints (lower(name));

        CREATE TABLE service_endpoint_secrets (
            endpoint_id text PRIMARY KEY REFERENCES service_endpoints (id) ON DELETE CASCADE,
            auth_header bytea NOT NULL
        );

        CREATE TABLE users (
            id text PRIMARY KEY,
            name text NOT NULL,
            key_sha256 bytea NOT NULL UNIQUE CHECK (length(key_sha256) = 32),
            can_impersonate bigint NOT NULL CHECK (can_impersonate IN (0, 1)),
            created_on text NOT NULL,
            modified_on text NOT NULL
        );
        CREATE UNIQUE INDEX ux_users_name ON users (lower(name));

        -- A dependency an admin trusts despite its disallowed APIs: one exact file, by its SHA-256.
        CREATE TABLE trusted_assemblies (
            sha256 text PRIMARY KEY,
            name text NOT NULL,
            version text NOT NULL,
            description text NULL,
            added_on text NOT NULL
        );

        CREATE FUNCTION registration_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE
            current bigint;
        BEGIN
            UPDATE registration_state SET revision = revision + 1 WHERE id = 1 RETURNING revision INTO current;
            PERFORM pg_notify('{{Channel}}', current::text);
            RETURN NULL;
        END;
        $body$;
        """
        + string.Concat(RevisionTables.Select(table => $"""

            CREATE TRIGGER tr_{table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION registration_changed();
            """)),
    ];
}
