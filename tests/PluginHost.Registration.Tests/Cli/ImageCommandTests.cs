namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class ImageCommandTests : CliTestBase
{
    private const string Type = "TestPlugins.Clean.ValidPlugin";

    [SetUp]
    public void RegisterAssembly() => RunJson("assembly", "register", Clean);

    [Test]
    public void Register_PreAndPostOnUpdatePostOperation_ListedAndUnregistered()
    {
        var step = RegisterStep("--type", Type, "--message", "Update", "--entity", "account", "--stage", "40");

        var pre = RunJson("image", "register", "--step", step, "--kind", "pre", "--alias", "before", "--attributes", "name,revenue").Json;
        var both = RunJson("image", "register", "--step", step, "--kind", "both", "--alias", "image").Json;
        var listed = RunJson("image", "list", "--step", step).Json.EnumerateArray().ToList();
        RunJson("image", "unregister", pre.GetProperty("id").GetString()!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pre.GetProperty("kind").GetString(), Is.EqualTo("pre"));
            Assert.That(both.GetProperty("kind").GetString(), Is.EqualTo("both"));
            Assert.That(listed.Select(image => image.GetProperty("alias").GetString()), Is.EqualTo(new[] { "before", "image" }));
            Assert.That(listed[0].GetProperty("attributes").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "name", "revenue" }));
            Assert.That(RunJson("image", "list").Json.GetArrayLength(), Is.EqualTo(1));
        }
    }

    [TestCase("Create", "40", "pre", "a pre image needs a record that existed before the operation")]
    [TestCase("Delete", "40", "post", "a post image needs a record that exists after the operation")]
    [TestCase("Update", "20", "post", "a post image is only available at stage 40")]
    [TestCase("Update", "20", "both", "a post image is only available at stage 40")]
    [TestCase("Retrieve", "40", "pre", "a pre image needs a record")]
    public void Register_ImageTheMessageOrStageCannotHave_Refused(string message, string stage, string kind, string expected)
    {
        var step = RegisterStep("--type", Type, "--message", message, "--stage", stage);
        var before = Revision();

        AssertRefused(Run("image", "register", "--step", step, "--kind", kind, "--alias", "image"), expected);
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [Test]
    public void Register_DuplicateAliasOnOneStep_Refused()
    {
        var step = RegisterStep("--type", Type, "--message", "Update", "--stage", "40", "--name", "audit");
        RunJson("image", "register", "--step", step, "--kind", "pre", "--alias", "image");

        AssertRefused(Run("image", "register", "--step", "audit", "--kind", "post", "--alias", "image"), "already has an image with alias 'image'");
    }

    [TestCase("--kind", "sideways", "image kind 'sideways' is not a kind")]
    [TestCase("--alias", "not valid", "'not valid' is not a valid image alias")]
    [TestCase("--attributes", "name,bad attr", "'bad attr' is not a valid attribute name")]
    public void Register_MalformedInput_Refused(string option, string value, string expected)
    {
        var step = RegisterStep("--type", Type, "--message", "Update", "--stage", "40");
        var arguments = new Dictionary<string, string> { ["--kind"] = "pre", ["--alias"] = "image", [option] = value };

        AssertRefused(Run(["image", "register", "--step", step, .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value })]), expected);
    }

    [Test]
    public void Register_UnknownStep_Refused() =>
        AssertRefused(Run("image", "register", "--step", Guid.NewGuid().ToString(), "--kind", "pre", "--alias", "image"), "no step has the id or name");

    [Test]
    public void Unregister_UnknownImage_Refused() =>
        AssertRefused(Run("image", "unregister", "6f0c1a2e-0000-4000-8000-000000000001"), "no image has the id '6f0c1a2e-0000-4000-8000-000000000001'");
}
