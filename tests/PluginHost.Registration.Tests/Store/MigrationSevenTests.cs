using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

/// <summary>Migration 7 rebuilds the assemblies table: a database made by schema 6 keeps every registration.</summary>
[TestFixture]
internal sealed class MigrationSevenTests
{
    private const string AssemblyId = "11111111-1111-1111-1111-111111111111";
    private const string TypeId = "22222222-2222-2222-2222-222222222222";
    private const string StepId = "33333333-3333-3333-3333-333333333333";

    private string _folder = "";

    private string DatabasePath => Path.Combine(_folder, "registrations.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-migration-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Open_SchemaSixWithAssemblyTypesAndSteps_MigratesKeepingThemAndTheirLinks()
    {
        CreateSchemaSix();

        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));

        var assembly = store.ListAssemblies().Single();
        var step = store.ListSteps().Single();
        using var connection = store.Database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(connection.ExecuteScalar<int>("PRAGMA user_version"), Is.EqualTo(7));
            Assert.That(connection.ExecuteScalar<int>("PRAGMA foreign_keys"), Is.EqualTo(1), "foreign keys back on");
            Assert.That(connection.Query("PRAGMA foreign_key_check"), Is.Empty);
            Assert.That(assembly.Id, Is.EqualTo(Guid.Parse(AssemblyId)));
            Assert.That(assembly.FileName, Is.EqualTo("Acme.Plugins.dll"));
            Assert.That(assembly.PackageId, Is.Null);
            Assert.That(assembly.Types.Select(type => type.Id), Is.EqualTo(new[] { Guid.Parse(TypeId) }));
            Assert.That(store.ReadAssemblyContent(assembly.Id), Is.EqualTo(new byte[] { 0x4D, 0x5A, 7 }));
            Assert.That(step.Id, Is.EqualTo(Guid.Parse(StepId)));
            Assert.That(step.AssemblyId, Is.EqualTo(assembly.Id));
            Assert.That(store.ListImages(StepId).Select(image => image.Alias), Is.EqualTo(new[] { "pre" }));
        }
    }

    [Test]
    public void Open_SchemaSix_RebuiltAssembliesKeepRevisionTriggersAndCascades()
    {
        CreateSchemaSix();
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        var before = store.Database.ReadRevision();

        var (_, removedSteps) = store.RemoveAssembly("Acme.Plugins", force: true);

        using var connection = store.Database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(removedSteps, Is.EqualTo(1));
            Assert.That(store.Database.ReadRevision(), Is.GreaterThan(before));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM plugin_types"), Is.Zero, "types cascade from the rebuilt table");
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM step_images"), Is.Zero);
        }
    }

    [Test]
    public void Open_SchemaSixWithDanglingTypeRow_RefusedAndLeftAtSchemaSix()
    {
        CreateSchemaSix(extraSql: "INSERT INTO plugin_types (id, assembly_id, type_name) VALUES ('orphan', 'no-such-assembly', 'Acme.Orphan');");

        var refusal = Assert.Throws<RegistrationException>(() => RegistrationDatabase.Open(DatabasePath));

        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("cannot be migrated").And.Contain("plugin_types"));
            Assert.That(connection.ExecuteScalar<int>("PRAGMA user_version"), Is.EqualTo(6));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'packages'"), Is.Zero);
        }
    }

    /// <summary>A database as PluginHost with schema 6 left it: the first six migrations, one assembly, its type and a step with an image.</summary>
    private void CreateSchemaSix(string extraSql = "")
    {
        // Foreign keys off, so that a test can plant a row that breaks them, as raw SQL on an old database could have.
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Foreign Keys=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var migration in Migrations.All.Take(6))
        {
            connection.Execute(migration, transaction: transaction);
        }

        connection.Execute(
            $"""
            INSERT INTO assemblies (id, name, version, culture, public_key_token, sha256, content, isolation, description, registered_on, modified_on)
            VALUES ('{AssemblyId}', 'Acme.Plugins', '1.0.0.0', 'neutral', NULL, 'ab', x'4D5A07', 2, 'old one', '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z');
            INSERT INTO plugin_types (id, assembly_id, type_name) VALUES ('{TypeId}', '{AssemblyId}', 'Acme.Plugin');
            INSERT INTO steps (id, name, plugin_type_id, message, entity, stage, mode, rank, filtering_attributes, unsecure_config, enabled,
                               async_auto_delete, description, registered_on, modified_on)
            VALUES ('{StepId}', 'step', '{TypeId}', 'Create', 'account', 20, 0, 1, NULL, NULL, 1, 0, NULL,
                    '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z');
            INSERT INTO step_images (id, step_id, kind, alias, attributes, registered_on)
            VALUES ('44444444-4444-4444-4444-444444444444', '{StepId}', 0, 'pre', NULL, '2025-01-01T00:00:00.0000000Z');
            {extraSql}
            PRAGMA user_version = 6;
            """,
            transaction: transaction);
        transaction.Commit();
    }
}
