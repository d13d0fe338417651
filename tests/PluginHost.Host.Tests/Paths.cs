using System.Reflection;

namespace PluginHost.Host.Tests;

/// <summary>Where the build put the executables and test plug-ins this suite runs.</summary>
internal static class Paths
{
    public static string HostDll => Metadata("HostDll");

    public static string PluginRegDll => Metadata("PluginRegDll");

    /// <summary>The DLL of a test plug-in project under tests/TestPlugins.</summary>
    public static string TestPlugin(string project)
    {
        var folder = Path.Combine(Metadata("TestPlugins"), project);
        return Directory.GetFiles(folder, "TestPlugins.*.dll").Single();
    }

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
