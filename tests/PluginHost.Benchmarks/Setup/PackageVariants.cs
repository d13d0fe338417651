using System.IO.Compression;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// Copies of a plug-in package (.nupkg) whose plug-in DLL differs only in its module version id (see
/// <see cref="PluginVariants"/>), so each 'package update' stores a new plug-in assembly beside the same dependency:
/// a new load unit whose dependency blob the plug-in cache already holds, as in a real update of the plug-in's code.
/// </summary>
internal sealed class PackageVariants
{
    private readonly string _original;
    private readonly string _entryName;
    private readonly byte[] _plugin;
    private readonly int[] _mvidOffsets;
    private readonly string _path;
    private int _count;

    /// <param name="originalPath">The .nupkg.</param>
    /// <param name="pluginFileName">The file name of the plug-in DLL inside its lib folder.</param>
    /// <param name="folder">Where the variants are written.</param>
    public PackageVariants(string originalPath, string pluginFileName, string folder)
    {
        _original = originalPath;
        using (var package = ZipFile.OpenRead(originalPath))
        {
            var entry = package.Entries.Single(entry => entry.FullName.StartsWith("lib/", StringComparison.Ordinal) && entry.Name == pluginFileName);
            _entryName = entry.FullName;
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            _plugin = buffer.ToArray();
        }

        _mvidOffsets = PluginVariants.FindMvid(_plugin);
        var directory = Directory.CreateDirectory(Path.Combine(folder, "package-variants")).FullName;
        _path = Path.Combine(directory, Path.GetFileName(originalPath));
    }

    /// <summary>The plug-in DLL's size in the package.</summary>
    public int PluginBytes => _plugin.Length;

    /// <summary>Writes the next variant over the previous one and returns its path.</summary>
    public string Next()
    {
        File.Copy(_original, _path, overwrite: true);
        using var package = ZipFile.Open(_path, ZipArchiveMode.Update);
        package.GetEntry(_entryName)!.Delete();
        using var stream = package.CreateEntry(_entryName).Open();
        stream.Write(PluginVariants.WithMvid(_plugin, _mvidOffsets, ++_count));
        return _path;
    }
}
