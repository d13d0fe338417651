using Dapper;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
internal sealed class RegistrationStoreTests(DatabaseBackend backend) : StoreTestBase(backend)
{
    [Test]
    public void RegisterStep_SecureConfig_StoredApartAndReadableOnlyById()
    {
        var step = RegisterStepOnNewAssembly(secureConfig: "s3cret");

        using var connection = Store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.HasSecureConfig, Is.True);
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM steps WHERE unsecure_config = 's3cret' OR description = 's3cret'"), Is.Zero);
            Assert.That(Store.ReadSecureConfig(step.Id), Is.EqualTo("s3cret"));
        }
    }

    [Test]
    public void ListSteps_SameStage_OrderedByRankThenRegistration()
    {
        RegisterStepOnNewAssembly(rank: 5, name: "late");
        Store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Create", Stage = 20, Rank = 1, Name = "early" });
        Store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Create", Stage = 20, Rank = 5, Name = "later still" });

        Assert.That(Store.ListSteps().Select(step => step.Name), Is.EqualTo(new[] { "early", "late", "later still" }));
    }

    [Test]
    public void RemoveAssembly_Forced_CascadesToStepsImagesAndSecureConfig()
    {
        var step = RegisterStepOnNewAssembly(secureConfig: "s3cret", message: "Update", stage: 40);
        Store.RegisterImage(step.Id.ToString(), ImageKind.Both, "image", ["name"]);

        var (_, removed) = Store.RemoveAssembly("Acme.Plugins", force: true);

        using var connection = Store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed, Is.EqualTo(1));
            foreach (var table in new[] { "assemblies", "plugin_types", "steps", "step_images", "step_secure_configs" })
            {
                Assert.That(connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM {table}"), Is.Zero, table);
            }
        }
    }

    [Test]
    public void AddAssembly_ContentRoundTripsByteForByte()
    {
        var content = new byte[] { 0x4D, 0x5A, 1, 2, 3, 0, 255 };
        var assembly = Store.AddAssembly(Content(content), IsolationMode.None, "desc");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.ReadAssemblyContent(assembly.Id), Is.EqualTo(content));
            Assert.That(assembly.Isolation, Is.EqualTo(IsolationMode.None));
            Assert.That(assembly.Types.Select(type => type.TypeName), Is.EqualTo(new[] { "Acme.Plugin" }));
        }
    }

    private static AssemblyContent Content(byte[]? bytes = null) =>
        new("Acme.Plugins", "1.0.0.0", "neutral", null, "00", bytes ?? [1], ["Acme.Plugin"]);

    private StepRecord RegisterStepOnNewAssembly(string? secureConfig = null, int rank = 1, string? name = null, string message = "Create", int stage = 20)
    {
        Store.AddAssembly(Content(), IsolationMode.Sandbox, null);
        return Store.RegisterStep(new StepDefinition
        {
            PluginType = "Acme.Plugin",
            Message = message,
            Stage = stage,
            Rank = rank,
            Name = name,
            SecureConfig = secureConfig,
        });
    }
}
