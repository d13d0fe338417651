namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class DisallowedCommandTests : CliTestBase
{
    [Test]
    public void List_NewDatabase_HoldsTheDefaultList()
    {
        var patterns = RunJson("disallowed", "list").Json.EnumerateArray().Select(api => api.GetProperty("pattern").GetString()).ToList();

        Assert.That(patterns, Is.SupersetOf(new[] { "System.Net.Sockets.*", "System.Diagnostics.Process*", "System.Reflection.Emit.*" }));
    }

    [Test]
    public void Add_PatternMatchingACleanAssembly_RefusesItsNextRegistration()
    {
        var added = RunJson("disallowed", "add", "System.Linq.Enumerable", "--reason", "no LINQ here").Json;

        var result = Run("assembly", "register", Clean);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.GetProperty("reason").GetString(), Is.EqualTo("no LINQ here"));
            Assert.That(RunJson("disallowed", "list").Json.EnumerateArray().Select(api => api.GetProperty("pattern").GetString()), Does.Contain("System.Linq.Enumerable"));
        }

        AssertRefused(result, "System.Linq.Enumerable", " — used in TestPlugins.Clean.");
    }

    [Test]
    public void Remove_DefaultPattern_AllowsWhatItBlocked()
    {
        RunJson("disallowed", "remove", "System.Net.Sockets.*");

        var patterns = RunJson("disallowed", "list").Json.EnumerateArray().Select(api => api.GetProperty("pattern").GetString());

        Assert.That(patterns, Does.Not.Contain("System.Net.Sockets.*"));
    }

    [Test]
    public void Add_Duplicate_Refused()
    {
        var before = Revision();

        AssertRefused(Run("disallowed", "add", "System.Net.Sockets.*"), "already on the disallowed list");
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [TestCase("has space")]
    [TestCase("System.Environment:Exit")]
    public void Add_MalformedPattern_Refused(string pattern) =>
        AssertRefused(Run("disallowed", "add", pattern), $"'{pattern}' is not a pattern");

    [Test]
    public void Remove_UnknownPattern_Refused() =>
        AssertRefused(Run("disallowed", "remove", "Not.On.The.List"), "'Not.On.The.List' is not on the disallowed list");
}
