using System.Security.Cryptography;

namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class AssemblyCommandTests : CliTestBase
{
    [Test]
    public void Register_ValidSandboxAssembly_PrintsIdNameVersionIsolationAndTypes()
    {
        var json = RunJson("assembly", "register", Clean).Json;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Guid.TryParse(json.GetProperty("id").GetString(), out _), Is.True);
            Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("TestPlugins.Clean"));
            Assert.That(json.GetProperty("version").GetString(), Is.EqualTo("1.0.0.0"));
            Assert.That(json.GetProperty("isolation").GetString(), Is.EqualTo("sandbox"));
            Assert.That(json.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Clean)))));
            Assert.That(json.GetProperty("types").EnumerateArray().Select(type => type.GetString()), Does.Contain("TestPlugins.Clean.ValidPlugin"));
        }
    }

    [Test]
    public void Register_WithoutJson_PrintsReadableSummary()
    {
        var result = Run("assembly", "register", Clean, "--isolation", "none");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StdOut, Does.Contain("Registered TestPlugins.Clean 1.0.0.0").And.Contain("isolation none").And.Contain("TestPlugins.Clean.ValidPlugin"));
        }
    }

    [Test]
    public void List_AfterTwoRegistrations_ShowsBothWithTypes()
    {
        RunJson("assembly", "register", Clean);
        RunJson("assembly", "register", TestPluginPaths.Of("Versioned.V1"), "--isolation", "none");

        var list = RunJson("assembly", "list").Json.EnumerateArray().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Select(assembly => assembly.GetProperty("name").GetString()), Is.EqualTo(new[] { "TestPlugins.Clean", "TestPlugins.Versioned" }));
            Assert.That(list[1].GetProperty("isolation").GetString(), Is.EqualTo("none"));
            Assert.That(list[1].GetProperty("types").EnumerateArray().Select(type => type.GetString()),
                Is.EquivalentTo(new[] { "TestPlugins.Versioned.Kept", "TestPlugins.Versioned.Retired" }));
        }
    }

    [Test]
    public void Register_SameNameAndVersionTwice_RefusedWithUpdateHint()
    {
        RunJson("assembly", "register", Clean);
        var before = Revision();

        var result = Run("assembly", "register", Clean);

        AssertRefused(result, "TestPlugins.Clean 1.0.0.0 is already registered", "pluginreg assembly update");
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [TestCase("missing")]
    [TestCase("folder")]
    [TestCase("empty")]
    [TestCase("random")]
    [TestCase("text")]
    [TestCase("truncated")]
    [TestCase("elf")]
    public void Register_BadFile_RefusedWithErrorLineAndNothingStored(string kind)
    {
        var path = Path.Combine(Folder, $"{kind}.dll");
        var expected = kind switch
        {
            "missing" => "does not exist",
            "folder" => "is a folder",
            "empty" => "is empty",
            "elf" => "native",
            "truncated" => "",
            _ => "not a",
        };
        switch (kind)
        {
            case "folder":
                Directory.CreateDirectory(path);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "random":
                File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(4096));
                break;
            case "text":
                File.WriteAllText(path, "This is a README, not an assembly.\n");
                break;
            case "truncated":
                var clean = File.ReadAllBytes(Clean);
                File.WriteAllBytes(path, clean[..(clean.Length / 2)]);
                break;
            case "elf":
                File.Copy("/bin/ls", path);
                break;
        }

        var before = Revision();
        var result = Run("assembly", "register", path);

        AssertRefused(result, expected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StdErr, Does.Contain($"{kind}.dll"), "the error names the file");
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [TestCase("RefAssembly", "reference assembly")]
    [TestCase("NoPluginType", "IPlugin")]
    [TestCase("NoContracts", "does not reference Microsoft.Xrm.Sdk")]
    [TestCase("OwnContracts", "ships its own copy of Microsoft.Xrm.Sdk")]
    [TestCase("LegacyPlugin", "no longer supplies")]
    public void Register_InvalidPluginAssembly_RefusedNamingTheProblem(string testPlugin, string expected)
    {
        var before = Revision();

        var result = Run("assembly", "register", TestPluginPaths.Of(testPlugin), "--isolation", "none");

        AssertRefused(result, expected);
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [Test]
    public void Register_SandboxAssemblyWithDisallowedApis_RefusedWithOneLinePerViolation()
    {
        var result = Run("assembly", "register", TestPluginPaths.Of("Violations"));

        AssertRefused(result, "System.IO.File", " — used in ", "System.Diagnostics.Process");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ErrorLines, Has.Count.GreaterThan(20));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Register_TrustedAssemblyWithDisallowedApis_AcceptedWithViolationsAsWarnings()
    {
        var result = Run("assembly", "register", TestPluginPaths.Of("Violations"), "--isolation", "none", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.Json.GetProperty("isolation").GetString(), Is.EqualTo("none"));
            Assert.That(result.Json.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()),
                Has.Some.Contains("System.IO.File").And.Some.Contains(" — used in "));
            Assert.That(result.StdErr, Does.Contain("warning:"));
        }
    }

    [Test]
    public void Check_CleanAndViolatingAssemblies_ReportWithoutStoring()
    {
        var clean = Run("assembly", "check", Clean);
        var violating = Run("assembly", "check", TestPluginPaths.Of("Violations"), "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clean.ExitCode, Is.Zero, clean.ToString);
            Assert.That(clean.StdOut, Does.Contain("Would be accepted"));
            Assert.That(violating.ExitCode, Is.Not.Zero);
            Assert.That(violating.Json.GetProperty("accepted").GetBoolean(), Is.False);
            Assert.That(violating.Json.GetProperty("violations").GetArrayLength(), Is.GreaterThan(20));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Update_KeepingTypesWithSteps_ReplacesContentAndKeepsSteps()
    {
        RunJson("assembly", "register", TestPluginPaths.Of("Versioned.V2"), "--isolation", "none");
        var step = RegisterStep("--type", "TestPlugins.Versioned.Kept", "--message", "Create", "--entity", "account", "--stage", "20");

        var updated = RunJson("assembly", "update", "TestPlugins.Versioned", TestPluginPaths.Of("Versioned.V1")).Json;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.GetProperty("version").GetString(), Is.EqualTo("1.0.0.0"));
            Assert.That(updated.GetProperty("types").GetArrayLength(), Is.EqualTo(2));
            Assert.That(RunJson("step", "list").Json[0].GetProperty("id").GetString(), Is.EqualTo(step));
        }
    }

    [Test]
    public void Update_DroppingTypeWithSteps_RefusedAndNothingChanged()
    {
        RunJson("assembly", "register", TestPluginPaths.Of("Versioned.V1"), "--isolation", "none");
        RegisterStep("--type", "TestPlugins.Versioned.Retired", "--message", "Create", "--stage", "40");
        var before = Snapshot();

        var result = Run("assembly", "update", "TestPlugins.Versioned", TestPluginPaths.Of("Versioned.V2"));

        AssertRefused(result, "TestPlugins.Versioned.Retired has 1 step(s)");
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void Update_DroppingTypeWithoutSteps_RemovesTheType()
    {
        RunJson("assembly", "register", TestPluginPaths.Of("Versioned.V1"), "--isolation", "none");

        var updated = RunJson("assembly", "update", "TestPlugins.Versioned", TestPluginPaths.Of("Versioned.V2")).Json;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.GetProperty("version").GetString(), Is.EqualTo("2.0.0.0"));
            Assert.That(updated.GetProperty("types").EnumerateArray().Select(type => type.GetString()), Is.EqualTo(new[] { "TestPlugins.Versioned.Kept" }));
        }
    }

    [Test]
    public void Update_WithADifferentAssembly_Refused()
    {
        RunJson("assembly", "register", Clean);

        AssertRefused(Run("assembly", "update", "TestPlugins.Clean", TestPluginPaths.Of("Versioned.V1")), "not 'TestPlugins.Clean'");
    }

    [Test]
    public void Update_UnknownAssembly_Refused() =>
        AssertRefused(Run("assembly", "update", "Nope", Clean), "'Nope'");

    [Test]
    public void Unregister_WithSteps_RefusedUnlessForced()
    {
        RunJson("assembly", "register", Clean);
        var step = RegisterStep("--type", "TestPlugins.Clean.ValidPlugin", "--message", "Create", "--stage", "40");
        RunJson("image", "register", "--step", step, "--kind", "post", "--alias", "x");
        var before = Snapshot();

        var refused = Run("assembly", "unregister", "TestPlugins.Clean");
        var afterRefusal = Snapshot();
        var forced = RunJson("assembly", "unregister", "TestPlugins.Clean", "--force").Json;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.StdErr, Does.StartWith("error:").And.Contain("--force"));
            Assert.That(afterRefusal, Is.EqualTo(before));
            Assert.That(forced.GetProperty("removedSteps").GetInt32(), Is.EqualTo(1));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
            Assert.That(RunJson("step", "list").Json.GetArrayLength(), Is.Zero);
            Assert.That(RunJson("image", "list").Json.GetArrayLength(), Is.Zero);
        }
    }
}
