using System.Diagnostics;
using Microsoft.Win32;

namespace TestPlugins.Violations;

/// <summary>Registry and event log (Windows-only APIs that still compile for net10.0 on Linux).</summary>
public static class WindowsServices
{
    public static object? ReadRegistry() => Registry.CurrentUser.OpenSubKey("Software")?.GetValue("PluginHost");

    public static void WriteEventLog() => EventLog.WriteEntry("PluginHost", "written by a plug-in");
}
