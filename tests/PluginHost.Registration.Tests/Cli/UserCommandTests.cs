using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class UserCommandTests : CliTestBase
{
    [Test]
    public void Add_Text_PrintsTheKeyOnceAndTheFileHoldsOnlyItsHash()
    {
        var added = RunInProcess("user", "add", "ci_bot");
        var key = added.StdOut.Split('\n', StringSplitOptions.TrimEntries).Single(line => line.StartsWith("phk_", StringComparison.Ordinal));
        var list = RunInProcess("user", "list");
        var listJson = RunInProcess("user", "list", "--json");
        SqliteConnection.ClearAllPools();
        var file = DatabaseBytes();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.ExitCode, Is.Zero, added.ToString);
            Assert.That(added.StdOut, Does.Contain("Added user ci_bot, id ").And.Contain("shown only now"));
            Assert.That(list.StdOut, Does.Contain("ci_bot").And.Not.Contain(key).And.Not.Contain(Convert.ToHexString(hash)));
            Assert.That(listJson.StdOut, Does.Not.Contain(key[4..]).And.Not.Contain(Convert.ToBase64String(hash)).And.Not.Contain("key"));
            Assert.That(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key[4..])), Is.EqualTo(-1), "the key is nowhere in the database file or its WAL");
            Assert.That(file.AsSpan().IndexOf(hash), Is.Not.EqualTo(-1), "its SHA-256 is");
        }
    }

    [Test]
    public void Add_Json_IdNamePrivilegeAndKey()
    {
        var id = Guid.NewGuid();

        var added = RunInProcess("user", "add", "importer", "--id", id.ToString(), "--impersonate", "--json");
        var listed = RunInProcess("user", "list", "--json").Json.EnumerateArray().Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.ExitCode, Is.Zero, added.ToString);
            Assert.That(added.Json.GetProperty("id").GetGuid(), Is.EqualTo(id));
            Assert.That(added.Json.GetProperty("name").GetString(), Is.EqualTo("importer"));
            Assert.That(added.Json.GetProperty("canImpersonate").GetBoolean(), Is.True);
            Assert.That(added.Json.GetProperty("key").GetString(), Does.StartWith("phk_"));
            Assert.That(listed.GetProperty("id").GetGuid(), Is.EqualTo(id));
            Assert.That(listed.GetProperty("canImpersonate").GetBoolean(), Is.True);
            Assert.That(listed.EnumerateObject().Select(property => property.Name), Is.EquivalentTo(new[] { "id", "name", "canImpersonate", "createdOn", "modifiedOn" }));
        }
    }

    [Test]
    public void List_Empty_SaysSoAndJsonIsAnEmptyArray()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunInProcess("user", "list").StdOut, Does.Contain("No users."));
            Assert.That(RunInProcess("user", "list", "--json").Json.GetArrayLength(), Is.Zero);
        }
    }

    [TestCase("name")]
    [TestCase("id")]
    public void Remove_ByNameOrId_Removed(string by)
    {
        var id = RunInProcess("user", "add", "ci_bot", "--json").Json.GetProperty("id").GetString()!;

        var removed = RunInProcess("user", "remove", by == "id" ? id : "CI_BOT", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed.ExitCode, Is.Zero, removed.ToString);
            Assert.That(removed.Json.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(RunInProcess("user", "list", "--json").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void ResetKey_PrintsANewKeyOnce()
    {
        var oldKey = RunInProcess("user", "add", "ci_bot", "--json").Json.GetProperty("key").GetString()!;

        var text = RunInProcess("user", "reset-key", "ci_bot");
        var json = RunInProcess("user", "reset-key", "ci_bot", "--json");
        var textKey = text.StdOut.Split('\n', StringSplitOptions.TrimEntries).Single(line => line.StartsWith("phk_", StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.ExitCode, Is.Zero, text.ToString);
            Assert.That(text.StdOut, Does.Contain("has a new key; the old one no longer works"));
            Assert.That(textKey, Is.Not.EqualTo(oldKey));
            Assert.That(json.Json.GetProperty("key").GetString(), Is.Not.EqualTo(textKey).And.Not.EqualTo(oldKey).And.StartsWith("phk_"));
            Assert.That(json.Json.GetProperty("name").GetString(), Is.EqualTo("ci_bot"));
        }
    }

    [TestCase("remove")]
    [TestCase("reset-key")]
    public void UnknownUser_RefusedNamingTheInputAndNothingChanged(string verb)
    {
        RunInProcess("user", "add", "ci_bot");
        var revision = Revision();

        AssertRefused(RunInProcess("user", verb, "nobody"), "no user has the id or name 'nobody'");
        Assert.That(Revision(), Is.EqualTo(revision));
    }

    [Test]
    public void Add_DuplicateNameOrId_RefusedAndNothingChanged()
    {
        var id = RunInProcess("user", "add", "ci_bot", "--json").Json.GetProperty("id").GetString()!;
        var revision = Revision();

        var sameName = RunInProcess("user", "add", "Ci_Bot");
        var sameId = RunInProcess("user", "add", "other", "--id", id);
        var systemId = RunInProcess("user", "add", "system", "--id", Guid.Empty.ToString());

        AssertRefused(sameName, "a user named 'Ci_Bot' already exists", "pluginreg user reset-key Ci_Bot");
        AssertRefused(sameId, $"user 'ci_bot' already has the id {id}");
        AssertRefused(systemId, "is the system user's");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { sameName, sameId, systemId }.Select(result => result.ExitCode), Has.All.EqualTo(1));
            Assert.That(Revision(), Is.EqualTo(revision));
        }
    }

    [TestCase(new[] { "user", "add", "bot", "--id", "not-a-guid" }, "--id must be a GUID such as")]
    [TestCase(new[] { "user", "add" }, "Required argument missing for command: 'add'")]
    [TestCase(new[] { "user", "add", "9lives" }, "'9lives' is not a valid user name")]
    [TestCase(new[] { "user", "remove" }, "Required argument missing for command: 'remove'")]
    public void MalformedOrInvalid_ErrorLinesAndNothingChanged(string[] arguments, string expected)
    {
        var revision = Revision();

        var result = RunInProcess(arguments);

        AssertRefused(result, expected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(expected.StartsWith('\'') ? 1 : 2), "a refusal exits 1, a malformed command line 2");
            Assert.That(Revision(), Is.EqualTo(revision));
        }
    }

    [Test]
    public void AddAndRemove_AsAProcess_SmokeTest()
    {
        var added = Run("user", "add", "ci_bot", "--json");
        var removed = Run("user", "remove", "ci_bot");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.ExitCode, Is.Zero, added.ToString);
            Assert.That(added.Json.GetProperty("key").GetString(), Does.StartWith("phk_"));
            Assert.That(removed.StdOut, Does.Contain("Removed user ci_bot"));
        }
    }

    private CliResult RunInProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);

    /// <summary>The database file and its WAL, as bytes.</summary>
    private byte[] DatabaseBytes() =>
        [.. File.ReadAllBytes(Database), .. File.Exists(Database + "-wal") ? File.ReadAllBytes(Database + "-wal") : []];
}
