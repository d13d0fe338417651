using System.IO.Compression;
using System.Text;

namespace PluginHost.Registration.Tests;

/// <summary>
/// The plug-in packages the build packs into artifacts/testpackages/ (tests/TestPlugins/Packages), and packages made
/// here, from the built test plug-ins, for the shapes <c>dotnet pack</c> never makes (corrupt, empty, a missing
/// dependency).
/// </summary>
internal static class TestPackages
{
    public const string PluginA = "PackageFixtures.PluginA.1.0.0";
    public const string PluginANext = "PackageFixtures.PluginA.1.1.0";
    public const string PluginB = "PackageFixtures.PluginB.1.0.0";
    public const string PluginReflective = "PackageFixtures.PluginReflective.1.0.0";

    /// <summary>The packed fixture artifacts/testpackages/&lt;name&gt;.nupkg.</summary>
    public static string Of(string name)
    {
        var path = Path.Combine(TestPluginPaths.RepoRoot, "artifacts", "testpackages", $"{name}.nupkg");
        return File.Exists(path) ? path : throw new FileNotFoundException($"test package {name} was not packed: {path}");
    }

    /// <summary>One file of a fixture package, e.g. lib/net10.0/PackageFixtures.Greeting.dll.</summary>
    public static byte[] EntryOf(string name, string entry)
    {
        using var zip = ZipFile.OpenRead(Of(name));
        using var stream = zip.GetEntry(entry)?.Open() ?? throw new FileNotFoundException($"{entry} is not in {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A .nupkg with a .nuspec for <paramref name="id"/> <paramref name="version"/> and the given files.</summary>
    public static byte[] Build(string id, string version, params (string Path, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, $"{id}.nuspec", Encoding.UTF8.GetBytes(Nuspec(id, version)));
            foreach (var (path, content) in files)
            {
                Add(zip, path, content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A zip with the given files and no .nuspec.</summary>
    public static byte[] Zip(params (string Path, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                Add(zip, path, content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="folder"/>/<paramref name="fileName"/> and returns the path.</summary>
    public static string Write(string folder, string fileName, byte[] content)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string Nuspec(string id, string version) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>{version}</version>
            <authors>PluginHost tests</authors>
            <description>A package made by a test.</description>
          </metadata>
        </package>
        """;

    private static void Add(ZipArchive zip, string path, byte[] content)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(content);
    }
}
