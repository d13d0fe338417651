namespace TestPlugins.Violations;

/// <summary>Environment.Exit, FailFast and SetEnvironmentVariable.</summary>
public static class ProcessEnvironment
{
    public static void Exit() => Environment.Exit(3);

    public static void FailFast() => Environment.FailFast("a plug-in ended the process");

    public static void SetVariable() => Environment.SetEnvironmentVariable("PLUGINHOST_DB", "/tmp/other.db");

    // A near miss: other Environment members, and its nested SpecialFolder type, are allowed.
    public static string HomeFolder() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
