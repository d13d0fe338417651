using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The sandbox gate, in process over a real SQLite file, given a sandboxed assembly registered under pluginreg's limit
/// but larger than this host's sandbox channel carries (PluginHost:Sandbox:MaxFrameMegabytes): the step fails with an
/// error naming the size and the setting before any worker is asked for, so no worker's channel breaks.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SandboxAssemblyGateLimitTests
{
    // A real plug-in with 1.5 MiB of zeros appended after its last section, where no reader looks: it inspects, scans
    // and loads as before, at a size between a 1 MiB and a 2 MiB channel.
    private const int Padding = 1536 * 1024;

    private string _folder = null!;
    private RegistrationStore _store = null!;
    private StepRegistration _step = null!;
    private byte[] _image = null!;

    [SetUp]
    public void RegisterPaddedAssembly()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-gate-").FullName;
        _store = new RegistrationStore(RegistrationDatabase.Open(Path.Combine(_folder, "store.db")));
        _image = [.. File.ReadAllBytes(Paths.TestPlugin("Pipeline")), .. new byte[Padding]];
        var path = Path.Combine(_folder, "TestPlugins.Pipeline.dll");
        File.WriteAllBytes(path, _image);
        new AssemblyRegistrar(_store).Register(path, IsolationMode.Sandbox, description: null);
        var stepId = _store.RegisterStep(new StepDefinition { PluginType = "TestPlugins.Pipeline.OrderRecorder", Message = "Create", Entity = "account", Stage = 20 }).Id;
        _step = Steps(_store).Current.Steps[stepId];
    }

    [TearDown]
    public void DeleteStore()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Admit_AssemblyLargerThanTheChannel_FailsTheStepNamingSizeAndSetting()
    {
        var gate = Gate(maxFrameMegabytes: 1);

        var refusal = Assert.Throws<PipelineException>(() => gate.Admit(_step));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Code, Is.EqualTo(ErrorCodes.PluginError));
            Assert.That(refusal.Message, Does.Contain($"Step '{_step.Name}' was not run"));
            Assert.That(refusal.Message, Does.Contain($"is {_image.Length:N0} bytes, more than the 1,047,552 bytes"));
            Assert.That(refusal.Message, Does.Contain("PluginHost:Sandbox:MaxFrameMegabytes = 1"));
        }
    }

    [Test]
    public void Admit_SameAssemblyWithARoomierChannel_Admitted()
    {
        // The same registration is admitted when the channel can carry it: its size alone refused it above.
        var admitted = Gate(maxFrameMegabytes: 2).Admit(_step);

        Assert.That(admitted.Images.Values.Single(), Is.EqualTo(_image));
    }

    private SandboxAssemblyGate Gate(int maxFrameMegabytes)
    {
        var options = Options.Create(new PluginHostOptions { Sandbox = new SandboxOptions { MaxFrameMegabytes = maxFrameMegabytes } });
        return new SandboxAssemblyGate(_store, Steps(_store), options);
    }

    private static StepIndexProvider Steps(RegistrationStore store) =>
        new(store, Options.Create(new PluginHostOptions()), new PluginHost.Host.Diagnostics.LogThrottle(TimeProvider.System), NullLogger<StepIndexProvider>.Instance);
}
