namespace PluginHost.Registration.Tests.Cli;

[TestFixture]
internal sealed class CommandLineTests : CliTestBase
{
    private static readonly string[][] Commands =
    [
        [], ["assembly"], ["assembly", "register"], ["assembly", "update"], ["assembly", "list"], ["assembly", "unregister"], ["assembly", "check"],
        ["step"], ["step", "register"], ["step", "list"], ["step", "enable"], ["step", "disable"], ["step", "unregister"],
        ["image"], ["image", "register"], ["image", "list"], ["image", "unregister"],
        ["message"], ["message", "list"], ["message", "register"], ["message", "unregister"],
        ["disallowed"], ["disallowed", "list"], ["disallowed", "add"], ["disallowed", "remove"],
    ];

    [TestCaseSource(nameof(Commands))]
    public void Help_EveryCommand_PrintsUsageAndExitsZero(string[] command)
    {
        var result = PluginReg.RunRaw([.. command, "--help"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StdOut, Does.Contain("Usage:").And.Contain("--db").And.Contain("--json"));
        }
    }

    [Test]
    public void UnknownCommand_ErrorLineAndUsageExitCode()
    {
        var result = Run("assembly", "frobnicate");

        AssertRefused(result, "frobnicate", "pluginreg assembly --help");
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void DatabaseOption_FallsBackToEnvironmentVariable()
    {
        var fromEnvironment = Path.Combine(Folder, "from-env.db");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "pluginreg.dll"), "message", "register", "acme_Ping" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PLUGINHOST_DB"] = fromEnvironment;
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
        }

        var messages = PluginReg.Run(fromEnvironment, "message", "list", "--json").Json.EnumerateArray().Select(m => m.GetProperty("name").GetString());

        Assert.That(messages, Does.Contain("acme_Ping"));
    }

    [Test]
    public void DatabaseOption_MissingFolder_ClearError() =>
        AssertRefused(PluginReg.Run(Path.Combine(Folder, "no", "such", "folder", "x.db"), "step", "list"), "does not exist");

    [Test]
    public void DatabaseOption_FileThatIsNotADatabase_ClearError()
    {
        var notADatabase = Path.Combine(Folder, "notes.txt");
        File.WriteAllText(notADatabase, new string('x', 8192));

        AssertRefused(PluginReg.Run(notADatabase, "step", "list"), "cannot open database", "notes.txt");
    }

    [Test]
    public void Messages_CustomRegisteredListedAndRemoved_BuiltInsProtected()
    {
        RunJson("message", "register", "acme_Approve", "--description", "approves");
        var listed = RunJson("message", "list").Json.EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        RunJson("message", "unregister", "acme_Approve");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed, Is.EqualTo(new[]
            {
                "Assign", "Associate", "Create", "Delete", "Disassociate", "ExecuteMultiple", "ExecuteTransaction", "Retrieve",
                "RetrieveMultiple", "SetState", "Update", "Upsert", "WhoAmI", "acme_Approve",
            }));
            Assert.That(RunJson("message", "list").Json.GetArrayLength(), Is.EqualTo(13));
        }

        AssertRefused(Run("message", "unregister", "Create"), "built-in message");
        AssertRefused(Run("message", "register", "update"), "already exists");
    }
}
