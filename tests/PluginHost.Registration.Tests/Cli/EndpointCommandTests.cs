namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class EndpointCommandTests : CliTestBase
{
    [Test]
    public void Register_Json_IdNameUrlAndListedWithoutTheAuthHeader()
    {
        var registered = RunInProcess("endpoint", "register", "--name", "audit_hook", "--url", "https://example.com/hook", "--description", "audits",
            "--auth-header", "Authorization: Bearer s3cret", "--json");
        var list = RunInProcess("endpoint", "list", "--json");
        var listed = list.Json[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered.ExitCode, Is.Zero, registered.ToString);
            Assert.That(Guid.TryParse(registered.Json.GetProperty("id").GetString(), out _), Is.True, registered.ToString);
            Assert.That(registered.Json.GetProperty("name").GetString(), Is.EqualTo("audit_hook"));
            Assert.That(registered.Json.GetProperty("url").GetString(), Is.EqualTo("https://example.com/hook"));
            Assert.That(list.Json.GetArrayLength(), Is.EqualTo(1));
            Assert.That(listed.GetProperty("id").GetString(), Is.EqualTo(registered.Json.GetProperty("id").GetString()));
            Assert.That(listed.GetProperty("description").GetString(), Is.EqualTo("audits"));
            Assert.That(listed.GetProperty("hasAuthHeader").GetBoolean(), Is.True);
            Assert.That(list.StdOut, Does.Not.Contain("s3cret"));
            Assert.That(RunInProcess("endpoint", "list").StdOut, Does.Contain("audit_hook").And.Contain("https://example.com/hook").And.Not.Contain("s3cret"));
        }
    }

    [Test]
    public void List_Empty_SaysSoAndJsonIsAnEmptyArray()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunInProcess("endpoint", "list").StdOut, Does.Contain("No service endpoints."));
            Assert.That(RunInProcess("endpoint", "list", "--json").Json.GetArrayLength(), Is.Zero);
        }
    }

    [TestCase("name")]
    [TestCase("id")]
    public void Unregister_ByNameOrId_Removed(string by)
    {
        var id = RunInProcess("endpoint", "register", "--name", "hook", "--url", "http://localhost:8080/x", "--json").Json.GetProperty("id").GetString()!;

        var removed = RunInProcess("endpoint", "unregister", by == "id" ? id : "HOOK", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed.ExitCode, Is.Zero, removed.ToString);
            Assert.That(removed.Json.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(RunInProcess("endpoint", "list", "--json").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Unregister_Unknown_RefusedNamingTheInput() =>
        AssertRefused(RunInProcess("endpoint", "unregister", "nope"), "no service endpoint has the id or name 'nope'");

    [TestCase("--url", "not a url", "'not a url' is not an absolute http or https URL")]
    [TestCase("--url", "/relative/hook", "is not an absolute http or https URL")]
    [TestCase("--url", "ftp://example.com/hook", "'ftp://example.com/hook' is not an absolute http or https URL")]
    [TestCase("--url", "https://admin:pw@example.com/hook", "carries credentials")]
    [TestCase("--name", "has space", "'has space' is not a valid endpoint name")]
    [TestCase("--name", "9lives", "'9lives' is not a valid endpoint name")]
    [TestCase("--auth-header", "Bearer s3cret", "the auth header has no value: give 'Name: value'")]
    [TestCase("--auth-header", "Authorization:  ", "the auth header 'Authorization' has no value")]
    [TestCase("--auth-header", "Bad Name: x", "HTTP header name")]
    public void Register_InvalidInput_RefusedWithErrorLineAndNothingChanged(string option, string value, string expected)
    {
        var arguments = new Dictionary<string, string> { ["--name"] = "hook", ["--url"] = "https://example.com/hook", [option] = value };
        var revision = Revision();

        var result = RunInProcess(["endpoint", "register", .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        AssertRefused(result, expected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StdErr, Does.Not.Contain("pw@").And.Not.Contain("s3cret"));
            Assert.That(Revision(), Is.EqualTo(revision));
        }
    }

    [Test]
    public void Register_DuplicateName_RefusedWithHint()
    {
        RunInProcess("endpoint", "register", "--name", "hook", "--url", "https://example.com/a");
        var revision = Revision();

        var result = RunInProcess("endpoint", "register", "--name", "Hook", "--url", "https://example.com/b");

        AssertRefused(result, "an endpoint named 'Hook' already exists", "pluginreg endpoint unregister Hook");
        Assert.That(Revision(), Is.EqualTo(revision));
    }

    [Test]
    public void Register_MissingUrl_UsageErrorNamingTheOption() =>
        AssertRefused(RunInProcess("endpoint", "register", "--name", "hook"), "--url");

    [Test]
    public void Register_AsAProcess_SmokeTest()
    {
        var result = Run("endpoint", "register", "--name", "hook", "--url", "http://127.0.0.1:5000/hook");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StdOut, Does.Contain("Registered service endpoint hook (http://127.0.0.1:5000/hook)"));
            Assert.That(Run("endpoint", "unregister", "hook", "--json").Json.GetProperty("name").GetString(), Is.EqualTo("hook"));
        }
    }

    private CliResult RunInProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);
}
