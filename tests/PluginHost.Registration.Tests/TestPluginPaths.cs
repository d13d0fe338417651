namespace PluginHost.Registration.Tests;

/// <summary>Finds the test plug-ins the build wrote to artifacts/testplugins/&lt;Project&gt;/.</summary>
internal static class TestPluginPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The plug-in DLL built by tests/TestPlugins/&lt;projectName&gt;.</summary>
    public static string Of(string projectName)
    {
        var folder = Path.Combine(RepoRoot, "artifacts", "testplugins", projectName);
        var project = Path.Combine(RepoRoot, "tests", "TestPlugins", projectName, $"{projectName}.csproj");
        var assemblyName = File.Exists(project)
            ? System.Xml.Linq.XDocument.Load(project).Descendants("AssemblyName").Select(element => element.Value).FirstOrDefault() ?? projectName
            : projectName;
        var path = Path.Combine(folder, $"{assemblyName}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"test plug-in {projectName} was not built: {path}");
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PluginHost.sln")) || File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no PluginHost.sln above {AppContext.BaseDirectory}");
    }
}
