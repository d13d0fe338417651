using System.Security.Cryptography;
using System.Text.Json;

namespace PluginHost.Registration.Tests.Cli;

/// <summary><c>pluginreg trust ...</c>, run in this process.</summary>
[TestFixture]
internal sealed class TrustCommandTests : CliTestBase
{
    private static readonly byte[] Reflective = TestPackages.EntryOf(TestPackages.PluginReflective, "lib/net10.0/PackageFixtures.Reflective.dll");
    private static readonly string ReflectiveSha = Convert.ToHexStringLower(SHA256.HashData(Reflective));

    [Test]
    public void AddFromTheDll_ThenTheRefusedPackageRegistersWithWarnings()
    {
        var dll = TestPackages.Write(Folder, "PackageFixtures.Reflective.dll", Reflective);
        var refused = InProcess("package", "register", TestPackages.Of(TestPackages.PluginReflective));

        var added = InProcessJson("trust", "add", dll, "--description", "reviewed by ops");
        var registered = InProcess("package", "register", TestPackages.Of(TestPackages.PluginReflective));

        AssertRefused(refused, $"pluginreg trust add PackageFixtures.Reflective --version 1.0.0.0 --sha256 {ReflectiveSha}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.GetProperty("name").GetString(), Is.EqualTo("PackageFixtures.Reflective"));
            Assert.That(added.GetProperty("version").GetString(), Is.EqualTo("1.0.0.0"));
            Assert.That(added.GetProperty("sha256").GetString(), Is.EqualTo(ReflectiveSha));
            Assert.That(added.GetProperty("description").GetString(), Is.EqualTo("reviewed by ops"));
            Assert.That(registered.ExitCode, Is.Zero, registered.ToString);
            Assert.That(registered.ErrorLines, Has.Count.EqualTo(3).And.All.StartsWith("warning: trusted dependency PackageFixtures.Reflective.dll"));
        }
    }

    [Test]
    public void AddByName_TheLineTheRefusalPrinted_Works()
    {
        var added = InProcess("trust", "add", "PackageFixtures.Reflective", "--version", "1.0.0.0", "--sha256", ReflectiveSha);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.ExitCode, Is.Zero, added.ToString);
            Assert.That(added.StdOut, Does.Contain($"Trusted PackageFixtures.Reflective 1.0.0.0 with SHA-256 {ReflectiveSha}."));
            Assert.That(InProcess("package", "register", TestPackages.Of(TestPackages.PluginReflective)).ExitCode, Is.Zero);
        }
    }

    [Test]
    public void AddByName_WithoutVersionAndSha_RefusedNamingBoth()
    {
        AssertRefused(InProcess("trust", "add", "Newtonsoft.Json"), "error: trusting 'Newtonsoft.Json' by name needs --version and --sha256");
    }

    [Test]
    public void AddFromTheDll_OptionsThatContradictTheFile_Refused()
    {
        var dll = TestPackages.Write(Folder, "PackageFixtures.Reflective.dll", Reflective);

        var result = InProcess("trust", "add", dll, "--version", "2.0", "--sha256", new string('a', 64));

        AssertRefused(result, "is version 1.0.0.0, not 2.0.0.0", $"has SHA-256 {ReflectiveSha}, not {new string('a', 64)}");
    }

    [Test]
    public void AddFromAMissingDll_SaysTheFileDoesNotExist()
    {
        var path = Path.Combine(Folder, "Missing.dll");

        AssertRefused(InProcess("trust", "add", path), $"error: file '{path}' does not exist");
    }

    [Test]
    public void ListAndRemove_ByName_JsonShapesAndEmptyAfterwards()
    {
        InProcessJson("trust", "add", "PackageFixtures.Reflective", "--version", "1.0", "--sha256", ReflectiveSha);

        var listed = InProcessJson("trust", "list").EnumerateArray().Single();
        var text = InProcess("trust", "list").StdOut;
        var removed = InProcessJson("trust", "remove", "PackageFixtures.Reflective");
        var empty = InProcess("trust", "list").StdOut;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "name", "version", "sha256", "description", "addedOn" }));
            Assert.That(listed.GetProperty("version").GetString(), Is.EqualTo("1.0.0.0"));
            Assert.That(text, Does.Contain("PackageFixtures.Reflective").And.Contain(ReflectiveSha));
            Assert.That(removed.GetProperty("sha256").GetString(), Is.EqualTo(ReflectiveSha));
            Assert.That(empty, Does.Contain("No trusted dependencies."));
        }
    }

    [Test]
    public void Remove_Unknown_Refused()
    {
        AssertRefused(InProcess("trust", "remove", "Nothing.Here"), "error: no trusted assembly has the SHA-256 or name 'Nothing.Here'");
    }

    private CliResult InProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);

    private JsonElement InProcessJson(params string[] arguments)
    {
        var result = InProcess([.. arguments, "--json"]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        return result.Json;
    }
}
