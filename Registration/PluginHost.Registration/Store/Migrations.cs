namespace PluginHost.Registration.Store;

/// <summary>
/// The registration schema, as forward-only numbered steps (the host's tables have migrations of their own, in the host). The version applied last is kept in <c>PRAGMA user_version</c>;
/// a migration is never edited once shipped: a change is a new entry at the end.
/// </summary>
internal static class Migrations
{
    // Declared before All, which uses it while the class initializes.
    private static readonly string[] Operations = ["INSERT", "UPDATE", "DELETE"];

    public static IReadOnlyList<string> All { get; } =
    [
        // 1: registrations. Every registration table bumps registration_state.revision through triggers, so a
        // change made by any process (the CLI, an admin endpoint, raw SQL) is visible to every host that polls it.
        """
        CREATE TABLE registration_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL
        );
        INSERT INTO registration_state (id, revision) VALUES (1, 1);

        CREATE TABLE assemblies (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            culture TEXT NOT NULL,
            public_key_token TEXT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            isolation INTEGER NOT NULL CHECK (isolation IN (1, 2)),
            description TEXT NULL,
            registered_on TEXT NOT NULL,
            modified_on TEXT NOT NULL,
            UNIQUE (name, version)
        );

        CREATE TABLE plugin_types (
            id TEXT PRIMARY KEY,
            assembly_id TEXT NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
            type_name TEXT NOT NULL,
            UNIQUE (assembly_id, type_name)
        );

        CREATE TABLE messages (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            is_custom INTEGER NOT NULL,
            description TEXT NULL
        );
        INSERT INTO messages (name, is_custom) VALUES
            ('Create', 0), ('Retrieve', 0), ('RetrieveMultiple', 0), ('Update', 0), ('Delete', 0);

        CREATE TABLE steps (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            plugin_type_id TEXT NOT NULL REFERENCES plugin_types (id),
            message TEXT NOT NULL REFERENCES messages (name),
            entity TEXT NULL,
            stage INTEGER NOT NULL CHECK (stage IN (10, 20, 30, 40)),
            mode INTEGER NOT NULL CHECK (mode IN (0, 1)),
            rank INTEGER NOT NULL,
            filtering_attributes TEXT NULL,
            unsecure_config TEXT NULL,
            enabled INTEGER NOT NULL,
            async_auto_delete INTEGER NOT NULL,
            description TEXT NULL,
            registered_on TEXT NOT NULL,
            modified_on TEXT NOT NULL
        );
        CREATE INDEX ix_steps_message ON steps (message, stage);
        CREATE INDEX ix_steps_type ON steps (plugin_type_id);

        -- Kept apart from steps so that listing steps can never leak it.
        CREATE TABLE step_secure_configs (
            step_id TEXT PRIMARY KEY REFERENCES steps (id) ON DELETE CASCADE,
            config TEXT NOT NULL
        );

        CREATE TABLE step_images (
            id TEXT PRIMARY KEY,
            step_id TEXT NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
            kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
            alias TEXT NOT NULL,
            attributes TEXT NULL,
            registered_on TEXT NOT NULL,
            UNIQUE (step_id, alias)
        );

        CREATE TABLE disallowed_apis (
            pattern TEXT PRIMARY KEY,
            reason TEXT NOT NULL
        );
        """
        + RevisionTriggers("assemblies", "plugin_types", "messages", "steps", "step_secure_configs", "step_images", "disallowed_apis"),

        // 2: once the host's tables (entities, trace_log, plugin_statistics, async_jobs). The host owns and creates them
        // now, with migrations of its own (PluginHost.Host.Storage.HostSchema, version in schema_versions row 'host'),
        // so a database made by pluginreg alone has none; one made when this step created them keeps them, and the
        // host adopts them. The step stays, empty, so that the version numbers keep their meaning.
        """
        -- The host's tables: see PluginHost.Host.Storage.HostSchema.
        """,

        // 3: service endpoints (webhooks) that IServiceEndpointNotificationService posts to. The auth header is kept
        // apart, like a step's secure configuration, so that listing endpoints can never leak it.
        """
        CREATE TABLE service_endpoints (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            url TEXT NOT NULL,
            description TEXT NULL,
            registered_on TEXT NOT NULL,
            modified_on TEXT NOT NULL
        );

        CREATE TABLE service_endpoint_secrets (
            endpoint_id TEXT PRIMARY KEY REFERENCES service_endpoints (id) ON DELETE CASCADE,
            auth_header TEXT NOT NULL
        );
        """
        + RevisionTriggers("service_endpoints", "service_endpoint_secrets"),

        // 4: the organization-service requests of issue 9 as built-in messages (steps can be registered on them). A
        // custom message that already has one of these names stays custom. This step once also created the host's
        // entity_links table, which the host's own migrations create now (see 2).
        """
        INSERT OR IGNORE INTO messages (name, is_custom) VALUES
            ('Associate', 0), ('Disassociate', 0), ('Assign', 0), ('SetState', 0), ('WhoAmI', 0), ('Upsert', 0),
            ('ExecuteMultiple', 0), ('ExecuteTransaction', 0);
        """,

        // 5: callers of the HTTP API, each with an API key of which only the SHA-256 is kept (the key itself is shown
        // once, when made). Users bump the registration revision like registrations do, so a removed user or a reset
        // key stops working in every running host within a poll.
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            key_sha256 BLOB NOT NULL UNIQUE CHECK (length(key_sha256) = 32),
            can_impersonate INTEGER NOT NULL CHECK (can_impersonate IN (0, 1)),
            created_on TEXT NOT NULL,
            modified_on TEXT NOT NULL
        );
        """
        + RevisionTriggers("users"),

        // 6: once the index ix_trace_log_started on the host's trace_log, which the host's own migrations create now
        // (see 2). Secrets in step_secure_configs and service_endpoint_secrets are encrypted when a database is opened,
        // not here: that needs the key file, which SQL cannot reach (RegistrationDatabase.SealPlaintextSecrets).
        """
        -- The host's trace log index: see PluginHost.Host.Storage.HostSchema.
        """,

        // 7: plug-in packages (a .nupkg: a plug-in assembly with its dependencies) and trusted dependencies. Two
        // packages may each carry their own copy of one dependency (Newtonsoft.Json 13.0.0.0 twice), so assemblies'
        // UNIQUE (name, version) becomes two partial indexes: among lone assemblies, and inside one package. SQLite
        // cannot drop a table constraint, so assemblies is rebuilt; RegistrationDatabase.Migrate turns foreign keys
        // off around this step (plugin_types refers to assemblies) and checks them before it commits.
        """
        CREATE TABLE packages (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            version TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            isolation INTEGER NOT NULL CHECK (isolation IN (1, 2)),
            description TEXT NULL,
            registered_on TEXT NOT NULL,
            modified_on TEXT NOT NULL
        );

        CREATE TABLE assemblies_rebuilt (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            culture TEXT NOT NULL,
            public_key_token TEXT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            isolation INTEGER NOT NULL CHECK (isolation IN (1, 2)),
            description TEXT NULL,
            registered_on TEXT NOT NULL,
            modified_on TEXT NOT NULL,
            package_id TEXT NULL REFERENCES packages (id) ON DELETE CASCADE,
            file_name TEXT NOT NULL
        );
        INSERT INTO assemblies_rebuilt (id, name, version, culture, public_key_token, sha256, content, isolation, description,
                                        registered_on, modified_on, package_id, file_name)
        SELECT id, name, version, culture, public_key_token, sha256, content, isolation, description,
               registered_on, modified_on, NULL, name || '.dll'
        FROM assemblies;
        DROP TABLE assemblies;
        ALTER TABLE assemblies_rebuilt RENAME TO assemblies;
        CREATE UNIQUE INDEX ux_assemblies_lone ON assemblies (name, version) WHERE package_id IS NULL;
        CREATE UNIQUE INDEX ux_assemblies_package ON assemblies (package_id, name) WHERE package_id IS NOT NULL;

        -- A dependency an admin trusts despite its disallowed APIs: one exact file, by its SHA-256.
        CREATE TABLE trusted_assemblies (
            sha256 TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            description TEXT NULL,
            added_on TEXT NOT NULL
        );
        """
        + RevisionTriggers("packages", "assemblies", "trusted_assemblies"),
    ];

    private static string RevisionTriggers(params string[] tables) => string.Concat(tables.Select(table =>
        string.Concat(Operations.Select(operation => $"""

            CREATE TRIGGER tr_{table}_{operation.ToLowerInvariant()}_revision AFTER {operation} ON {table}
            BEGIN UPDATE registration_state SET revision = revision + 1 WHERE id = 1; END;
            """))));
}
