using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using PluginHost.Registration.Secrets;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

/// <summary>
/// Secure configurations and service-endpoint auth headers are encrypted at rest with a key kept outside the
/// database: a copy of the database file reveals neither, and the store reads them back only with the key.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SecretStoreTests
{
    private const string Secret = "s3cret-Tr0mb0ne-9f41";
    private string _folder = "";

    private string DatabasePath => Path.Combine(_folder, "registrations.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-secrets-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void RegisterStepAndEndpoint_WithSecrets_DatabaseFilesHoldNeitherAndStoreReadsBoth()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        var step = RegisterStep(store, Secret);
        var endpoint = store.RegisterServiceEndpoint("audit_hook", "https://example.com/hook", null, $"Authorization: Bearer {Secret}");

        var onDisk = DatabaseBytes();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Contains(onDisk, Secret), Is.False, "the secret is in the database files in clear");
            Assert.That(store.ReadSecureConfig(step.Id), Is.EqualTo(Secret));
            Assert.That(store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.EqualTo($"Authorization: Bearer {Secret}"));
            Assert.That(File.Exists(DatabasePath + ".key"), Is.True, "the key is made beside the database on first need");
            Assert.That(File.GetUnixFileMode(DatabasePath + ".key"), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(new FileInfo(DatabasePath + ".key").Length, Is.EqualTo(SecretKeyFile.KeyLength));
        }
    }

    [Test]
    public void Open_NoSecretsStored_MakesNoKey()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        RegisterStep(store, secureConfig: null);

        Assert.That(File.Exists(DatabasePath + ".key"), Is.False);
    }

    [Test]
    public void ReadSecureConfig_KeyFileMissing_ClearErrorNamingTheFile()
    {
        var step = RegisterStep(new RegistrationStore(RegistrationDatabase.Open(DatabasePath)), Secret);
        var elsewhere = Path.Combine(_folder, "elsewhere.key");

        var exception = Assert.Throws<RegistrationException>(() => new RegistrationStore(RegistrationDatabase.Open(DatabasePath, elsewhere)).ReadSecureConfig(step.Id));

        Assert.That(exception.Message, Does.Contain($"the key file '{elsewhere}' does not exist").And.Contain(SecretKeyFile.PathVariable));
    }

    [Test]
    public void ReadSecureConfig_AnotherKey_ClearErrorNeverTheCiphertext()
    {
        var step = RegisterStep(new RegistrationStore(RegistrationDatabase.Open(DatabasePath)), Secret);
        var other = Path.Combine(_folder, "other.key");
        new SecretKeyFile(other).ReadOrCreate();

        var exception = Assert.Throws<RegistrationException>(() => new RegistrationStore(RegistrationDatabase.Open(DatabasePath, other)).ReadSecureConfig(step.Id));

        Assert.That(exception.Message, Does.Contain($"the secure configuration of step {step.Id} cannot be decrypted with the key in '{other}'"));
    }

    [Test]
    public void ReadSecureConfig_KeyFileOfWrongLength_ClearError()
    {
        var step = RegisterStep(new RegistrationStore(RegistrationDatabase.Open(DatabasePath)), Secret);
        File.WriteAllText(DatabasePath + ".key", "not a key");

        var exception = Assert.Throws<RegistrationException>(() => new RegistrationStore(RegistrationDatabase.Open(DatabasePath)).ReadSecureConfig(step.Id));

        Assert.That(exception.Message, Does.Contain("holds 9 bytes, not a 32-byte key"));
    }

    [Test]
    public void ReadSecureConfig_SealedValueCopiedFromAnotherStep_DoesNotOpen()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        var first = RegisterStep(store, Secret);
        var second = store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Update", Stage = 20, SecureConfig = "other" });
        using (var connection = store.Database.OpenConnection())
        {
            connection.Execute(
                "UPDATE step_secure_configs SET config = (SELECT config FROM step_secure_configs WHERE step_id = @from) WHERE step_id = @to",
                new { from = first.Id.ToString(), to = second.Id.ToString() });
        }

        var exception = Assert.Throws<RegistrationException>(() => store.ReadSecureConfig(second.Id));

        Assert.That(exception.Message, Does.Contain("cannot be decrypted"));
    }

    [Test]
    public void Open_PlaintextSecretsOfAnOlderVersion_EncryptedInPlace()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        var step = RegisterStep(store, secureConfig: null);
        var endpoint = store.RegisterServiceEndpoint("audit_hook", "https://example.com/hook");
        using (var connection = store.Database.OpenConnection())
        {
            // As a version before encryption wrote them: text columns holding the secrets.
            connection.Execute("INSERT INTO step_secure_configs (step_id, config) VALUES (@id, @secret)", new { id = step.Id.ToString(), secret = Secret });
            connection.Execute("INSERT INTO service_endpoint_secrets (endpoint_id, auth_header) VALUES (@id, @header)", new { id = endpoint.Id.ToString(), header = $"X-Key: {Secret}" });
        }

        var reopened = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));

        using var check = reopened.Database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.ExecuteScalar<string>("SELECT typeof(config) FROM step_secure_configs"), Is.EqualTo("blob"));
            Assert.That(check.ExecuteScalar<string>("SELECT typeof(auth_header) FROM service_endpoint_secrets"), Is.EqualTo("blob"));
            Assert.That(reopened.ReadSecureConfig(step.Id), Is.EqualTo(Secret));
            Assert.That(reopened.ReadServiceEndpointAuthHeader(endpoint.Id), Is.EqualTo($"X-Key: {Secret}"));
            Assert.That(Contains(DatabaseBytes(), Secret), Is.False, "the plain text is left in the database files");
        }
    }

    [Test]
    public void RegisterStep_KeyLostWhileSealedSecretsExist_RefusedRatherThanMakeAnotherKey()
    {
        var store = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));
        RegisterStep(store, Secret);
        File.Delete(DatabasePath + ".key");
        var reopened = new RegistrationStore(RegistrationDatabase.Open(DatabasePath));

        var exception = Assert.Throws<RegistrationException>(() =>
            reopened.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Update", Stage = 20, SecureConfig = "more" }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Message, Does.Contain("encrypted with a key that is not at"));
            Assert.That(File.Exists(DatabasePath + ".key"), Is.False, "a new key was made");
            Assert.That(reopened.ListSteps(), Has.Count.EqualTo(1), "the refused step was stored");
        }
    }

    private static StepRecord RegisterStep(RegistrationStore store, string? secureConfig)
    {
        store.AddAssembly(new AssemblyContent("Acme.Plugins", "1.0.0.0", "neutral", null, "00", [1], ["Acme.Plugin"]), IsolationMode.Sandbox, null);
        return store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Create", Stage = 20, SecureConfig = secureConfig });
    }

    /// <summary>The database file and its WAL, as a copy of the folder would have them.</summary>
    private byte[] DatabaseBytes()
    {
        var bytes = new List<byte>();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes.AddRange(copy.ToArray());
        }

        return [.. bytes];
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
