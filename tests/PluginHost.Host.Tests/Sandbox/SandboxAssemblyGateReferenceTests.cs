using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The sandbox gate, in process over a real SQLite file, given a sandboxed assembly that references an assembly nothing
/// supplies (compiled at test time against a dependency that is then left out): the step fails at the gate naming the
/// file and the missing reference, before any worker is asked for. The row is written through the store, as a
/// registration made before pluginreg checked references would have left it.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SandboxAssemblyGateReferenceTests
{
    private const string PluginSource = """
        namespace Gate.MissingDependency;

        public sealed class Plugin : Microsoft.Xrm.Sdk.IPlugin
        {
            public void Execute(System.IServiceProvider serviceProvider) => _ = Gate.Dependency.Helper.Hello();
        }
        """;

    private const string DependencySource = """
        namespace Gate.Dependency;

        public static class Helper
        {
            public static string Hello() => "hello";
        }
        """;

    private const string SelfContainedSource = """
        namespace Gate.SelfContained;

        public sealed class Plugin : Microsoft.Xrm.Sdk.IPlugin
        {
            public void Execute(System.IServiceProvider serviceProvider) => _ = System.Text.Json.JsonSerializer.Serialize(serviceProvider.GetType().Name);
        }
        """;

    private string _folder = null!;
    private RegistrationStore _store = null!;

    [SetUp]
    public void CreateStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-gate-").FullName;
        _store = new RegistrationStore(RegistrationDatabase.Open(Path.Combine(_folder, "store.db")));
    }

    [TearDown]
    public void DeleteStore()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Admit_AssemblyReferencingAMissingAssembly_FailsTheStepNamingTheFileAndTheReference()
    {
        var dependency = PluginCompiler.Compile("Gate.Dependency", DependencySource, _folder);
        var plugin = PluginCompiler.Compile("Gate.MissingDependency", PluginSource, _folder, dependency);
        var step = Register(plugin, "Gate.MissingDependency.Plugin");

        var refusal = Assert.Throws<PipelineException>(() => Gate().Admit(step));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Code, Is.EqualTo(ErrorCodes.PluginError));
            Assert.That(refusal.Message, Does.StartWith($"Step '{step.Name}' was not run: sandboxed assembly Gate.MissingDependency cannot be loaded: "));
            Assert.That(refusal.Message, Does.Contain("Gate.MissingDependency.dll references Gate.Dependency 0.0.0.0"));
            Assert.That(refusal.Message, Does.Contain("Pack the missing assembly with the plug-in and run 'pluginreg assembly update'"));
        }
    }

    [Test]
    public void Admit_AssemblyReferencingOnlyTheFrameworkAndTheSdk_Admitted()
    {
        var plugin = PluginCompiler.Compile("Gate.SelfContained", SelfContainedSource, _folder);
        var step = Register(plugin, "Gate.SelfContained.Plugin");

        var admitted = Gate().Admit(step);

        Assert.That(admitted.Images.Values.Single(), Is.EqualTo(File.ReadAllBytes(plugin)));
    }

    /// <summary>Writes the assembly's row as a sandboxed lone assembly with one step on its plug-in type; returns the step as the host indexes it.</summary>
    private StepRegistration Register(string path, string pluginType)
    {
        var image = File.ReadAllBytes(path);
        var name = System.Reflection.AssemblyName.GetAssemblyName(path);
        var content = new AssemblyContent(name.Name!, name.Version!.ToString(), "neutral", null, Convert.ToHexStringLower(SHA256.HashData(image)), image, [pluginType]);
        _store.AddAssembly(content, IsolationMode.Sandbox, description: null);
        var stepId = _store.RegisterStep(new StepDefinition { PluginType = pluginType, Message = "Create", Entity = "account", Stage = 20 }).Id;
        return Steps().Current.Steps[stepId];
    }

    private SandboxAssemblyGate Gate() => new(_store, Steps(), Options.Create(new PluginHostOptions()));

    private StepIndexProvider Steps() =>
        new(_store, Options.Create(new PluginHostOptions()), new PluginHost.Host.Diagnostics.LogThrottle(TimeProvider.System), NullLogger<StepIndexProvider>.Instance);
}
