namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class StepCommandTests : CliTestBase
{
    private const string Type = "TestPlugins.Clean.ValidPlugin";

    [SetUp]
    public void RegisterAssembly() => RunJson("assembly", "register", Clean);

    [Test]
    public void Register_AllOptions_ListedWithSpecShapeAndSecureConfigHidden()
    {
        var id = RegisterStep(
            "--type", Type, "--message", "Update", "--entity", "account", "--stage", "postoperation", "--mode", "async", "--rank", "5",
            "--filtering-attributes", "name, revenue", "--config", "unsecure-value", "--secure-config", "secret-value", "--name", "audit",
            "--async-auto-delete", "--description", "audits");

        var list = RunJson("step", "list");
        var step = list.Json[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(step.GetProperty("name").GetString(), Is.EqualTo("audit"));
            Assert.That(step.GetProperty("type").GetString(), Is.EqualTo(Type));
            Assert.That(step.GetProperty("message").GetString(), Is.EqualTo("Update"));
            Assert.That(step.GetProperty("entity").GetString(), Is.EqualTo("account"));
            Assert.That(step.GetProperty("stage").GetInt32(), Is.EqualTo(40));
            Assert.That(step.GetProperty("mode").GetString(), Is.EqualTo("async"));
            Assert.That(step.GetProperty("rank").GetInt32(), Is.EqualTo(5));
            Assert.That(step.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(step.GetProperty("filteringAttributes").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "name", "revenue" }));
            Assert.That(step.GetProperty("hasSecureConfig").GetBoolean(), Is.True);
            Assert.That(list.StdOut, Does.Not.Contain("secret-value"));
            Assert.That(Run("step", "list").StdOut, Does.Not.Contain("secret-value").And.Contain("set"));
        }
    }

    [Test]
    public void Register_Defaults_SyncRankOneDescriptiveNameAnyEntity()
    {
        RegisterStep("--type", Type, "--message", "create", "--stage", "10");

        var step = RunJson("step", "list").Json[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.GetProperty("message").GetString(), Is.EqualTo("Create"), "message names are matched case-insensitively and stored canonically");
            Assert.That(step.GetProperty("mode").GetString(), Is.EqualTo("sync"));
            Assert.That(step.GetProperty("rank").GetInt32(), Is.EqualTo(1));
            Assert.That(step.GetProperty("entity").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(step.GetProperty("name").GetString(), Is.EqualTo($"{Type}: Create of any entity"));
            Assert.That(step.GetProperty("hasSecureConfig").GetBoolean(), Is.False);
        }
    }

    [Test]
    public void List_Filters_ByMessageEntityAndType()
    {
        RegisterStep("--type", Type, "--message", "Create", "--entity", "account", "--stage", "20");
        RegisterStep("--type", Type, "--message", "Update", "--entity", "contact", "--stage", "20");
        RegisterStep("--type", "TestPlugins.Clean.ConfiguredPlugin", "--message", "Delete", "--entity", "account", "--stage", "40");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunJson("step", "list", "--message", "Update").Json.GetArrayLength(), Is.EqualTo(1));
            Assert.That(RunJson("step", "list", "--entity", "account").Json.GetArrayLength(), Is.EqualTo(2));
            Assert.That(RunJson("step", "list", "--type", Type).Json.GetArrayLength(), Is.EqualTo(2));
            Assert.That(RunJson("step", "list", "--entity", "account", "--message", "Delete").Json.GetArrayLength(), Is.EqualTo(1));
        }
    }

    [Test]
    public void DisableEnableUnregister_ByIdAndByName_ChangeState()
    {
        var id = RegisterStep("--type", Type, "--message", "Create", "--stage", "20", "--name", "my step");

        var disabled = RunJson("step", "disable", id).Json;
        var listedDisabled = RunJson("step", "list").Json[0];
        var enabled = RunJson("step", "enable", "my step").Json;
        RunJson("step", "unregister", "my step");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(disabled.GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That(listedDisabled.GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That(enabled.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(RunJson("step", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Enable_UnknownStep_Refused() =>
        AssertRefused(Run("step", "enable", Guid.NewGuid().ToString()), "no step has the id or name");

    [Test]
    public void Enable_AmbiguousName_RefusedAskingForId()
    {
        RegisterStep("--type", Type, "--message", "Create", "--stage", "20", "--name", "twin");
        RegisterStep("--type", Type, "--message", "Update", "--stage", "20", "--name", "twin");

        AssertRefused(Run("step", "disable", "twin"), "2 steps are named 'twin'", "use the id");
    }

    [TestCase("unknown type", new[] { "--type", "No.Such.Type", "--message", "Create", "--stage", "20" }, "unknown plug-in type 'No.Such.Type'")]
    [TestCase("unknown message", new[] { "--type", Type, "--message", "Approve", "--stage", "20" }, "unknown message 'Approve'")]
    [TestCase("bad stage number", new[] { "--type", Type, "--message", "Create", "--stage", "25" }, "stage '25' is not a pipeline stage")]
    [TestCase("bad stage name", new[] { "--type", Type, "--message", "Create", "--stage", "later" }, "stage 'later' is not a pipeline stage")]
    [TestCase("main operation of a built-in", new[] { "--type", Type, "--message", "Create", "--stage", "30" }, "stage 30 (mainoperation) is the core operation of Create")]
    [TestCase("async before post", new[] { "--type", Type, "--message", "Create", "--stage", "20", "--mode", "async" }, "async mode is only allowed at stage 40")]
    [TestCase("bad mode", new[] { "--type", Type, "--message", "Create", "--stage", "40", "--mode", "later" }, "mode 'later' is not a mode")]
    [TestCase("filtering outside Update", new[] { "--type", Type, "--message", "Create", "--stage", "20", "--filtering-attributes", "name" }, "filtering attributes apply only to the Update message")]
    [TestCase("bad entity", new[] { "--type", Type, "--message", "Create", "--entity", "bad-name!", "--stage", "20" }, "'bad-name!' is not a valid entity logical name")]
    [TestCase("bad filtering attribute", new[] { "--type", Type, "--message", "Update", "--stage", "20", "--filtering-attributes", "name,1bad" }, "'1bad' is not a valid filtering attribute name")]
    [TestCase("negative rank", new[] { "--type", Type, "--message", "Create", "--stage", "20", "--rank", "-1" }, "rank -1 is negative")]
    [TestCase("auto-delete on sync", new[] { "--type", Type, "--message", "Create", "--stage", "40", "--async-auto-delete" }, "async auto-delete applies only to async steps")]
    [TestCase("missing required options", new[] { "--type", Type }, "--message")]
    public void Register_InvalidStep_RefusedWithClearErrorAndNothingStored(string scenario, string[] arguments, string expected)
    {
        var before = Revision();

        var result = Run(["step", "register", .. arguments]);

        AssertRefused(result, expected);
        Assert.That(Revision(), Is.EqualTo(before), scenario);
    }

    [Test]
    public void Register_SeveralProblems_ReportsEachOnItsOwnLine()
    {
        var result = Run("step", "register", "--type", "No.Such.Type", "--message", "Approve", "--stage", "20", "--entity", "bad name");

        AssertRefused(result, "unknown plug-in type", "unknown message", "not a valid entity logical name");
    }

    [Test]
    public void Register_CustomMessageMainOperation_AllowedOncePerMessage()
    {
        RunJson("message", "register", "acme_Approve");
        RegisterStep("--type", Type, "--message", "acme_Approve", "--stage", "mainoperation");
        var before = Revision();

        var second = Run("step", "register", "--type", Type, "--message", "acme_Approve", "--stage", "30");

        AssertRefused(second, "already has its main operation");
        Assert.That(Revision(), Is.EqualTo(before));
    }
}
