namespace PluginHost.Registration.Tests.Cli;

/// <summary>
/// Every malformed command line exits 2 (usage) with <c>error:</c> lines and changes nothing; a well-formed command the
/// store refuses exits 1. Run in-process: each line is parsed exactly as the executable parses it.
/// </summary>
[TestFixture]
internal sealed class MalformedCommandLineTests : CliTestBase
{
    private const int Usage = 2;
    private const int Refused = 1;
    private const string Type = "TestPlugins.Clean.ValidPlugin";

    private static readonly object[] Malformed =
    [
        Case("unknown command", ["frobnicate"], "frobnicate"),
        Case("unknown subcommand", ["step", "frobnicate"], "frobnicate"),
        Case("unknown option", ["step", "list", "--colour", "red"], "--colour"),
        Case("missing required option", ["step", "register", "--type", Type, "--message", "Create"], "--stage"),
        Case("option without its value", ["step", "register", "--type", Type, "--message", "Create", "--stage"], "--stage"),
        Case("missing argument", ["step", "enable"], "Required argument missing for command: 'enable'"),
        Case("extra argument", ["step", "enable", "a", "b"], "'b'"),
        Case("stage word", ["step", "register", "--type", Type, "--message", "Create", "--stage", "later"], "stage 'later' is not a pipeline stage"),
        Case("stage number", ["step", "register", "--type", Type, "--message", "Create", "--stage", "25"], "stage '25' is not a pipeline stage"),
        Case("stage empty", ["step", "register", "--type", Type, "--message", "Create", "--stage", ""], "stage '' is not a pipeline stage"),
        Case("stage twice", ["step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--stage", "40"], "--stage"),
        Case("mode word", ["step", "register", "--type", Type, "--message", "Create", "--stage", "40", "--mode", "later"], "mode 'later' is not a mode"),
        Case("rank word", ["step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--rank", "first"], "rank 'first' is not a whole number"),
        Case("rank negative", ["step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--rank", "-1"], "rank -1 is negative"),
        Case("rank too big", ["step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--rank", "99999999999"], "rank '99999999999' is not a whole number"),
        Case("rank fraction", ["step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--rank", "1.5"], "rank '1.5' is not a whole number"),
        Case("isolation on register", ["assembly", "register", Clean, "--isolation", "trusted"], "isolation 'trusted' is not an isolation mode"),
        Case("isolation on update", ["assembly", "update", "TestPlugins.Clean", Clean, "--isolation", "Sandboxed"], "isolation 'Sandboxed' is not an isolation mode"),
        Case("isolation on check", ["assembly", "check", Clean, "--isolation", "2"], "isolation '2' is not an isolation mode"),
        Case("image kind", ["image", "register", "--step", "s", "--kind", "sideways", "--alias", "a"], "image kind 'sideways' is not a kind"),
        Case("image id not a GUID", ["image", "unregister", "not-a-guid"], "'not-a-guid' is not an image id"),
        Case("flag with a value", ["step", "list", "--json", "maybe"], "maybe"),
        Case("force with a word", ["assembly", "unregister", "x", "--force", "please"], "please"),
    ];

    [TestCaseSource(nameof(Malformed))]
    public void MalformedCommandLine_ExitsTwoWithErrorLinesAndChangesNothing(string scenario, string[] arguments, string expected)
    {
        var before = Revision();

        var result = InProcessPluginReg.Run(Database, arguments);

        AssertRefused(result, expected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(Usage), $"{scenario}: {result}");
            Assert.That(result.ErrorLines, Has.Some.Contains("--help"), $"{scenario}: the usage hint is missing\n{result}");
            Assert.That(Revision(), Is.EqualTo(before), scenario);
        }
    }

    [TestCase("unknown plug-in type", new[] { "step", "register", "--type", "No.Such.Type", "--message", "Create", "--stage", "20" }, "unknown plug-in type")]
    [TestCase("stage 30 of a built-in", new[] { "step", "register", "--type", Type, "--message", "Create", "--stage", "mainoperation" }, "core operation of Create")]
    [TestCase("entity name", new[] { "step", "register", "--type", Type, "--message", "Create", "--stage", "20", "--entity", "bad name" }, "not a valid entity logical name")]
    [TestCase("no such image", new[] { "image", "unregister", "6f0c1a2e-0000-4000-8000-000000000001" }, "no image has the id")]
    public void WellFormedButRefused_ExitsOne(string scenario, string[] arguments, string expected)
    {
        InProcessPluginReg.Run(Database, "assembly", "register", Clean);

        var result = InProcessPluginReg.Run(Database, arguments);

        AssertRefused(result, expected);
        Assert.That(result.ExitCode, Is.EqualTo(Refused), $"{scenario}: {result}");
    }

    [Test]
    public void WordsOfFixedForm_AnySpellingTheHelpNames_Accepted()
    {
        Assert.That(InProcessPluginReg.Run(Database, "assembly", "register", Clean, "--isolation", " NONE ").ExitCode, Is.Zero);

        var step = InProcessPluginReg.Run(Database, "step", "register", "--type", Type, "--message", "Update", "--stage", "PostOperation", "--mode", "Async", "--rank", "0", "--json");
        var image = InProcessPluginReg.Run(Database, "image", "register", "--step", step.Json.GetProperty("id").GetString()!, "--kind", "Both", "--alias", "img", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Json.GetProperty("stage").GetInt32(), Is.EqualTo(40), step.ToString);
            Assert.That(step.Json.GetProperty("mode").GetString(), Is.EqualTo("async"), step.ToString);
            Assert.That(step.Json.GetProperty("rank").GetInt32(), Is.Zero, step.ToString);
            Assert.That(image.Json.GetProperty("kind").GetString(), Is.EqualTo("both"), image.ToString);
        }
    }

    private static object[] Case(string scenario, string[] arguments, string expected) => [scenario, arguments, expected];
}
