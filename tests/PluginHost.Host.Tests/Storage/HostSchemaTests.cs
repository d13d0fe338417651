using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Xrm.Sdk;
using Npgsql;
using PluginHost.Host.Entities;
using PluginHost.Host.Storage;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// The host's own schema on a real SQLite file: the registration library no longer creates the host's tables, the host
/// does; a database made before the split keeps every row, its records converted from the wire codec to the entity format.
/// The same on a real PostgreSQL server (the test run's, a database of its own per test): created beside the
/// registration tables, once, however many processes start at once.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HostSchemaTests
{
    private static readonly string[] HostObjects =
        ["entities", "trace_log", "plugin_statistics", "host_statistics", "async_jobs", "entity_links",
         "ix_trace_log_correlation", "ix_trace_log_started", "ix_async_jobs_status", "ix_async_jobs_lease", "ix_entity_links_end1", "ix_entity_links_end2"];

    private static readonly Guid AccountId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid JobId = Guid.Parse("22222222-2222-2222-2222-222222222222");

    private readonly EntityRepository _repository = new(Microsoft.Extensions.Options.Options.Create(new PluginHostOptions()));
    private string _folder = "";

    private string DatabasePath => Path.Combine(_folder, "pluginhost.db");

    private string KeyFile => Path.Combine(_folder, "pluginhost.key");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-hostschema-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Apply_NewDatabase_HostTablesExistOnlyAfterTheHostAppliesItsSchema()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        var beforeHost = SchemaObjects(database);

        HostSchema.Apply(database);

        using var connection = database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeHost, Has.None.AnyOf(HostObjects));
            Assert.That(beforeHost, Does.Not.Contain("schema_versions"));
            Assert.That(SchemaObjects(database), Is.SupersetOf(HostObjects).And.Contain("schema_versions"));
            Assert.That(HostSchema.ReadVersion(connection), Is.EqualTo(HostSchema.Version));
            Assert.That(connection.ExecuteScalar<int>("PRAGMA user_version"), Is.EqualTo(RegistrationDatabase.SchemaVersion));
        }
    }

    [Test]
    public void Apply_NewDatabase_RecordsAreStoredAsEntityFormatText()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        HostSchema.Apply(database);

        Insert(database, new Entity("account", AccountId) { ["name"] = "Contoso" });

        using var connection = database.OpenConnection();
        var (type, text) = connection.QuerySingle<(string, string)>("SELECT typeof(attributes), attributes FROM entities");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(type, Is.EqualTo("text"));
            Assert.That(text, Is.EqualTo("""{"format":1,"attributes":{"name":{"t":"String","v":"Contoso"}}}"""));
        }
    }

    [Test]
    public void Apply_DatabaseMadeByTheOldRegistrationMigrations_KeepsEveryRowAndReachesTheHostVersion()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        CreateOldHostTables(database);
        var account = new Entity("account", AccountId)
        {
            ["name"] = "Contoso 北京",
            ["revenue"] = new Money(12.50m),
            ["employees"] = 50,
            ["big"] = long.MinValue,
            ["ratio"] = double.NaN,
            ["founded"] = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Local),
            ["parent"] = new EntityReference("account", JobId) { Name = "Holding" },
            ["fax"] = null,
        };
        InsertCodecRow(database, account, createdOn: "2025-01-01T00:00:00.0000000Z", rowVersion: 7);
        // More rows than one slice of the conversion holds, in two entities.
        for (var index = 0; index < (EntityFormatMigration.SliceSize * 2) + 1; index++)
        {
            InsertCodecRow(database, new Entity(index % 2 == 0 ? "contact" : "lead", Guid.NewGuid()) { ["index"] = index }, "2025-01-02T00:00:00.0000000Z", 1);
        }

        using (var old = database.OpenConnection())
        {
            old.Execute(
                """
                INSERT INTO async_jobs (id, step_id, plugin_type, message, entity, correlation_id, status, attempts, next_attempt_on, last_error, context, created_on, modified_on)
                VALUES (@JobId, 'step', 'Acme.Plugin', 'Create', 'account', 'corr', 'Waiting', 0, '2025-01-01', NULL, x'0102', '2025-01-01', '2025-01-01');
                INSERT INTO trace_log (plugin_type, message, stage, mode, depth, correlation_id, started_on, duration_ms, outcome)
                VALUES ('Acme.Plugin', 'Create', 20, 0, 1, 'corr', '2025-01-01T00:00:00.0000000Z', 1.5, 'Succeeded');
                INSERT INTO plugin_statistics (plugin_type, executions, failures, crashes, timeouts, memory_breaches, total_ms, p95_ms, unload_failures, updated_on)
                VALUES ('Acme.Plugin', 3, 0, 0, 0, 0, 4.5, 2, 0, '2025-01-01');
                INSERT INTO entity_links (relationship, entity1, id1, entity2, id2, created_on) VALUES ('rel', 'account', 'a', 'contact', 'b', '2025-01-01');
                """,
                new { JobId = JobId.ToString() });
        }

        HostSchema.Apply(database);

        using var connection = database.OpenConnection();
        var read = _repository.Retrieve(connection, null, "account", AccountId, null)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(HostSchema.ReadVersion(connection), Is.EqualTo(HostSchema.Version));
            Assert.That(read.Attributes.Keys, Is.EqualTo(account.Attributes.Keys));
            foreach (var (name, value) in account.Attributes)
            {
                Assert.That(Codec(read[name]), Is.EqualTo(Codec(value)), name);
            }

            Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM entities"), Is.EqualTo((EntityFormatMigration.SliceSize * 2) + 2));
            Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM entities WHERE typeof(attributes) <> 'text'"), Is.Zero);
            Assert.That(
                connection.QuerySingle<(string, long)>("SELECT created_on, row_version FROM entities WHERE id = @id", new { id = AccountId.ToString() }),
                Is.EqualTo(("2025-01-01T00:00:00.0000000Z", 7L)));
            Assert.That(connection.ExecuteScalar<string>("SELECT status FROM async_jobs WHERE id = @id", new { id = JobId.ToString() }), Is.EqualTo("Waiting"));
            Assert.That(connection.ExecuteScalar<byte[]>("SELECT context FROM async_jobs"), Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(connection.ExecuteScalar<string>("SELECT outcome FROM trace_log"), Is.EqualTo("Succeeded"));
            Assert.That(connection.ExecuteScalar<long>("SELECT executions FROM plugin_statistics"), Is.EqualTo(3));
            Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM entity_links"), Is.EqualTo(1));
            Assert.That(SchemaObjects(database), Is.SupersetOf(HostObjects));
        }
    }

    [Test]
    public void Apply_Twice_SecondIsANoOp()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        HostSchema.Apply(database);
        Insert(database, new Entity("account", AccountId) { ["name"] = "Contoso" });
        var before = Snapshot(database);

        HostSchema.Apply(database);

        Assert.That(Snapshot(database), Is.EqualTo(before));
    }

    [Test]
    public void Apply_FromSeveralThreadsAtOnce_MigratesOnce()
    {
        var database = RegistrationDatabase.Open(DatabasePath);

        Parallel.For(0, 4, _ => HostSchema.Apply(database));

        using var connection = database.OpenConnection();
        Assert.That(HostSchema.ReadVersion(connection), Is.EqualTo(HostSchema.Version));
    }

    [Test]
    public void Apply_HostSchemaNewerThanThisProgram_RefusesAndChangesNothing()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        HostSchema.Apply(database);
        using (var connection = database.OpenConnection())
        {
            connection.Execute("UPDATE schema_versions SET version = @version WHERE owner = 'host'", new { version = HostSchema.Version + 1 });
        }

        var before = Snapshot(database);

        var exception = Assert.Throws<HostSchemaException>(() => HostSchema.Apply(database));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Message, Does.Contain($"host schema version {HostSchema.Version + 1}, newer than this program's {HostSchema.Version}"));
            Assert.That(Snapshot(database), Is.EqualTo(before));
        }
    }

    [Test]
    public void Apply_CodecRowThatCannotBeRead_NamesTheRecordAndChangesNothing()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        CreateOldHostTables(database);
        InsertCodecRow(database, new Entity("account", Guid.NewGuid()) { ["name"] = "fine" }, "2025-01-01", 1);
        using (var connection = database.OpenConnection())
        {
            connection.Execute(
                "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES ('account', @id, x'0100000003', '2025-01-01', '2025-01-01', 1)",
                new { id = AccountId.ToString() });
        }

        var before = Snapshot(database);

        var exception = Assert.Throws<HostSchemaException>(() => HostSchema.Apply(database));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Message, Does.StartWith($"record account {AccountId} cannot be converted to the entity format").And.Contain("nothing was changed"));
            Assert.That(Snapshot(database), Is.EqualTo(before));
            Assert.That(SchemaObjects(database), Does.Not.Contain("schema_versions"));
        }
    }

    [Test]
    public void Apply_PostgreSqlNewDatabase_CreatesTheHostTablesBesideTheRegistrationTables()
    {
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile);
        var beforeHost = PostgreSqlObjects(database);

        HostSchema.Apply(database);

        using var connection = database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeHost, Has.None.AnyOf(HostObjects));
            Assert.That(PostgreSqlObjects(database), Is.SupersetOf(HostObjects).And.SupersetOf(beforeHost));
            Assert.That(HostSchema.ReadVersion(connection), Is.EqualTo(HostSchema.PostgreSqlVersion));
            Assert.That(
                connection.ExecuteScalar<int>("SELECT version FROM schema_versions WHERE owner = 'registration'"),
                Is.EqualTo(RegistrationDatabase.PostgreSqlSchemaVersion));
            Assert.That(
                connection.Query<(string, string)>(
                    """
                    SELECT table_name::text, data_type::text FROM information_schema.columns
                    WHERE table_schema = 'public' AND (table_name, column_name) IN (('entities', 'attributes'), ('entities', 'row_version'), ('trace_log', 'id'), ('async_jobs', 'context'))
                    ORDER BY table_name, column_name
                    """),
                Is.EqualTo(new[] { ("async_jobs", "bytea"), ("entities", "text"), ("entities", "bigint"), ("trace_log", "bigint") }));
        }
    }

    [Test]
    public void Apply_PostgreSql_RecordsAreStoredAsTheSameEntityFormatText()
    {
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile);
        HostSchema.Apply(database);

        Insert(database, new Entity("account", AccountId) { ["name"] = "Contoso" });

        using var connection = database.OpenDbConnection();
        Assert.That(
            connection.ExecuteScalar<string>("SELECT attributes FROM entities"),
            Is.EqualTo("""{"format":1,"attributes":{"name":{"t":"String","v":"Contoso"}}}"""));
    }

    [Test]
    public void Apply_PostgreSqlTwice_SecondIsANoOp()
    {
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile);
        HostSchema.Apply(database);
        Insert(database, new Entity("account", AccountId) { ["name"] = "Contoso" });
        var before = PostgreSqlSnapshot(database);

        HostSchema.Apply(database);

        Assert.That(PostgreSqlSnapshot(database), Is.EqualTo(before));
    }

    [Test]
    public void Apply_PostgreSqlFourProcessesStartingAtOnceOnANewDatabase_RegistrationAndHostMigrateOnce()
    {
        // Not created first: each "process" creates the database if missing, migrates the registration tables and then
        // the host's, all at once, so the two owners' migrations race for schema_versions too.
        var connectionString = PostgresServer.Instance.ConnectionString(PostgresServer.NewDatabaseName());

        Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .ForAll(_ => HostSchema.Apply(RegistrationDatabase.Open(connectionString, KeyFile)));

        var database = RegistrationDatabase.Open(connectionString, KeyFile);
        using var connection = database.OpenDbConnection();
        Assert.That(
            connection.Query<(string, int)>("SELECT owner, version FROM schema_versions ORDER BY owner"),
            Is.EqualTo(new[] { ("host", HostSchema.PostgreSqlVersion), ("registration", RegistrationDatabase.PostgreSqlSchemaVersion) }));
    }

    [Test]
    public void Apply_PostgreSqlFromSeveralThreadsAtOnce_MigratesOnce()
    {
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile);

        Parallel.For(0, 4, _ => HostSchema.Apply(database));

        using var connection = database.OpenDbConnection();
        Assert.That(HostSchema.ReadVersion(connection), Is.EqualTo(HostSchema.PostgreSqlVersion));
    }

    [Test]
    public void Apply_PostgreSqlHostSchemaNewerThanThisProgram_RefusesAndChangesNothing()
    {
        var database = RegistrationDatabase.Open(PostgresServer.Instance.CreateDatabase(), KeyFile);
        HostSchema.Apply(database);
        using (var connection = database.OpenDbConnection())
        {
            connection.Execute("UPDATE schema_versions SET version = @version WHERE owner = 'host'", new { version = HostSchema.PostgreSqlVersion + 1 });
        }

        var before = PostgreSqlSnapshot(database);

        var exception = Assert.Throws<HostSchemaException>(() => HostSchema.Apply(database));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                exception!.Message,
                Does.Contain($"host schema version {HostSchema.PostgreSqlVersion + 1}, newer than this program's {HostSchema.PostgreSqlVersion}")
                    .And.Not.Contain(PostgresServer.Instance.Password));
            Assert.That(PostgreSqlSnapshot(database), Is.EqualTo(before));
        }
    }

    private void Insert(RegistrationDatabase database, Entity entity)
    {
        using var connection = database.OpenDbConnection();
        using var transaction = connection.BeginTransaction();
        _repository.Insert(connection, transaction, entity);
        transaction.Commit();
    }

    private static List<string> SchemaObjects(RegistrationDatabase database)
    {
        using var connection = database.OpenConnection();
        return connection.Query<string>("SELECT name FROM sqlite_master").ToList();
    }

    /// <summary>The tables and indexes of the public schema on PostgreSQL.</summary>
    private static List<string> PostgreSqlObjects(RegistrationDatabase database)
    {
        using var connection = database.OpenDbConnection();
        return connection.Query<string>(
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')")
            .ToList();
    }

    /// <summary>Every table and index of the public schema, with its definition, and every row of the host's tables, as text.</summary>
    private static List<string> PostgreSqlSnapshot(RegistrationDatabase database)
    {
        using var connection = database.OpenDbConnection();
        var snapshot = connection.Query<string>(
                """
                SELECT c.relname || ' ' || coalesce(pg_get_indexdef(c.oid), '') || ' ' || coalesce(
                    (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
                     FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY c.relname
                """)
            .ToList();
        foreach (var table in new[] { "entities", "trace_log", "plugin_statistics", "host_statistics", "async_jobs", "entity_links", "schema_versions" })
        {
            snapshot.AddRange(connection.Query<string>($"SELECT '{table}: ' || row_to_json(t)::text FROM {table} t ORDER BY 1"));
        }

        return snapshot;
    }

    /// <summary>Every schema object and every row of the host's tables, as text.</summary>
    private static List<string> Snapshot(RegistrationDatabase database)
    {
        using var connection = database.OpenConnection();
        var snapshot = connection.Query<string>("SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY name").ToList();
        var tables = new[] { "entities", "trace_log", "plugin_statistics", "host_statistics", "async_jobs", "entity_links", "schema_versions" }.Intersect(
            connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
        foreach (var table in tables)
        {
            snapshot.AddRange(connection.Query($"SELECT * FROM {table}").Select(row => table + ": " + string.Join("|", ((IDictionary<string, object?>)row).Select(pair => $"{pair.Key}={(pair.Value is byte[] bytes ? Convert.ToHexString(bytes) : pair.Value)}"))));
        }

        return snapshot;
    }

    /// <summary>The host's tables exactly as the registration's migrations 2, 4 and 6 created them before the host owned them.</summary>
    private static void CreateOldHostTables(RegistrationDatabase database)
    {
        using var connection = database.OpenConnection();
        connection.Execute(
            """
            CREATE TABLE entities (
                logical_name TEXT NOT NULL,
                id TEXT NOT NULL,
                attributes BLOB NOT NULL,
                created_on TEXT NOT NULL,
                modified_on TEXT NOT NULL,
                row_version INTEGER NOT NULL,
                PRIMARY KEY (logical_name, id)
            ) WITHOUT ROWID;

            CREATE TABLE trace_log (
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
            CREATE INDEX ix_trace_log_correlation ON trace_log (correlation_id);

            CREATE TABLE plugin_statistics (
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

            CREATE TABLE async_jobs (
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
            CREATE INDEX ix_async_jobs_status ON async_jobs (status, next_attempt_on);

            CREATE TABLE entity_links (
                relationship TEXT NOT NULL,
                entity1 TEXT NOT NULL,
                id1 TEXT NOT NULL,
                entity2 TEXT NOT NULL,
                id2 TEXT NOT NULL,
                created_on TEXT NOT NULL,
                PRIMARY KEY (relationship, entity1, id1, entity2, id2)
            ) WITHOUT ROWID;
            CREATE INDEX ix_entity_links_end2 ON entity_links (entity2, id2);
            CREATE INDEX ix_entity_links_end1 ON entity_links (entity1, id1);

            CREATE INDEX ix_trace_log_started ON trace_log (started_on);
            """);
    }

    /// <summary>A record as the codec-era store wrote it: a count, then each name and its value in the wire codec.</summary>
    private static void InsertCodecRow(RegistrationDatabase database, Entity entity, string createdOn, long rowVersion)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(entity.Attributes.Count);
            foreach (var (name, value) in entity.Attributes)
            {
                writer.Write(name);
                ValueCodec.Write(writer, value);
            }
        }

        using var connection = database.OpenConnection();
        connection.Execute(
            "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @createdOn, @createdOn, @rowVersion)",
            new { name = entity.LogicalName, id = entity.Id.ToString(), attributes = buffer.ToArray(), createdOn, rowVersion });
    }

    private static byte[] Codec(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            ValueCodec.Write(writer, value);
        }

        return buffer.ToArray();
    }
}
