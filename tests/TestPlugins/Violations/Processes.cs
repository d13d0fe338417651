using System.Diagnostics;

namespace TestPlugins.Violations;

/// <summary>Processes: System.Diagnostics.Process.</summary>
public static class Processes
{
    public static void StartShell() => Process.Start("sh", "-c true")?.WaitForExit();
}
