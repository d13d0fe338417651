using PluginHost.Registration.Tests.Scanning;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>
/// pluginreg, run in this process through its command line, given an assembly a sandbox must not take: unsafe code
/// written in IL by hand (no pointer in any signature, no UnverifiableCode attribute), and an assembly larger than
/// the sandbox channel carries. Sandboxed, each is refused with exit code 1 and nothing stored; trusted, accepted.
/// </summary>
[TestFixture]
internal sealed class UnsafeAssemblyCommandTests : CliTestBase
{
    private const int Refused = 1;
    private const string AddressOnTheStack = "[unsafe-pointer] conv.u of a managed address — used in Crafted.CraftedPlugin::Execute";

    [Test]
    public void Register_LocalAddressWrittenThroughFromTheStack_SandboxRefusedAndNothingStored()
    {
        var path = Write(UnsafeIlImages.With(UnsafeIlShape.LocalAddressOnTheStack));
        var before = Revision();

        var result = RunInProcess("assembly", "register", path);

        AssertRefused(result, $"error: disallowed API {AddressOnTheStack}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(Refused), result.ToString);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString);
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Register_LocalAddressWrittenThroughFromTheStack_TrustedAcceptedWithAWarning()
    {
        var path = Write(UnsafeIlImages.With(UnsafeIlShape.LocalAddressOnTheStack));

        var result = RunInProcess("assembly", "register", path, "--isolation", "none", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.Json.GetProperty("isolation").GetString(), Is.EqualTo("none"));
            Assert.That(
                result.Json.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()),
                Is.EqualTo(new[] { $"trusted assembly uses disallowed API {AddressOnTheStack}" }));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.EqualTo(1));
        }
    }

    [Test]
    public void Register_SandboxedAssemblyLargerThanTheChannel_RefusedNamingSizeAndLimit()
    {
        // A valid plug-in whose only defect is a 63 MiB embedded resource, which takes it past the limit.
        var image = UnsafeIlImages.With(UnsafeIlShape.None, resourceBytes: AssemblyRegistrar.MaxSandboxedAssemblyBytes);
        var path = Write(image);
        var before = Revision();

        var sandboxed = RunInProcess("assembly", "register", path);
        var unchanged = Revision();
        var trusted = RunInProcess("assembly", "register", path, "--isolation", "none");

        AssertRefused(sandboxed, $"error: crafted.dll is {image.Length:N0} bytes, more than the 66,060,288 bytes (63 MiB) a sandboxed assembly can have");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(image.Length, Is.GreaterThan(AssemblyRegistrar.MaxSandboxedAssemblyBytes));
            Assert.That(sandboxed.ExitCode, Is.EqualTo(Refused), sandboxed.ToString);
            Assert.That(sandboxed.ErrorLines, Has.Count.EqualTo(1), sandboxed.ToString);
            Assert.That(unchanged, Is.EqualTo(before), "nothing stored");
            Assert.That(trusted.ExitCode, Is.Zero, "a trusted assembly is loaded by the host, not sent to a worker: size alone refused the sandboxed one\n" + trusted);
        }
    }

    private CliResult RunInProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);

    private string Write(byte[] image)
    {
        var path = Path.Combine(Folder, "crafted.dll");
        File.WriteAllBytes(path, image);
        return path;
    }
}
