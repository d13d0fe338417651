using System.Security.Cryptography;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;

namespace PluginHost.Registration.Packages;

/// <summary>
/// Reads a .nupkg with NuGet.Packaging into a <see cref="PackageFile"/>. Every way a file can fail to be a usable
/// plug-in package is one <see cref="RegistrationException"/> naming the file; nothing here touches the store.
/// </summary>
internal static class PackageFileReader
{
    /// <summary>Reads the package at <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationException">The file is missing, unreadable, or not a usable plug-in package.</exception>
    public static PackageFile Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new RegistrationException($"'{path}' is a folder: give the path of the plug-in package (.nupkg) file");
        }

        if (!File.Exists(path))
        {
            throw new RegistrationException($"file '{path}' does not exist");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot read '{path}': {exception.Message}");
        }

        return Read(bytes, Path.GetFileName(path));
    }

    /// <summary>Reads package bytes; <paramref name="source"/> (a file name) appears in every problem.</summary>
    public static PackageFile Read(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw new RegistrationException($"file '{source}' is empty: it is not a NuGet package (make one with 'dotnet pack')");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            using var reader = new PackageArchiveReader(new MemoryStream(bytes, writable: false), leaveStreamOpen: false);
            var files = reader.GetFiles().ToList();
            if (!files.Any(file => !file.Contains('/', StringComparison.Ordinal) && file.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)))
            {
                throw new RegistrationException($"'{source}' has no .nuspec manifest: it is a zip file but not a NuGet package (make one with 'dotnet pack')");
            }

            var identity = ReadIdentity(reader, source);
            var (folder, dlls) = ChooseAssemblies(reader, files, source);
            var assemblies = dlls
                .Select(file => new PackageFileAssembly(Path.GetFileName(file), ReadEntry(reader, file)))
                .ToList();
            return new PackageFile(source, identity.Id, identity.Version.ToNormalizedString(), sha256, folder, assemblies);
        }
        catch (InvalidDataException exception)
        {
            throw new RegistrationException(
                $"'{source}' is not a readable NuGet package (not a zip archive, or a truncated or corrupt one): {exception.Message}");
        }
    }

    private static PackageIdentity ReadIdentity(PackageArchiveReader reader, string source)
    {
        try
        {
            return reader.GetIdentity();
        }
        catch (Exception exception) when (exception is PackagingException or InvalidDataException or System.Xml.XmlException or ArgumentException or FormatException)
        {
            throw new RegistrationException($"'{source}' has an unreadable .nuspec manifest: {exception.Message}");
        }
    }

    private static (string Folder, List<string> Files) ChooseAssemblies(PackageArchiveReader reader, List<string> files, string source)
    {
        // Only files directly in lib/<framework>/: subfolders hold satellite resource assemblies, which a plug-in
        // never needs to run.
        var groups = reader.GetLibItems()
            .Select(group => (group.TargetFramework, Dlls: group.Items.Where(item => IsDirectAssembly(item)).ToList()))
            .ToList();
        if (groups.All(group => group.Dlls.Count == 0))
        {
            var libFiles = files.Where(file => file.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)).ToList();
            throw new RegistrationException(libFiles.Count == 0
                ? $"'{source}' has no lib folder, so no assemblies: pack the plug-in so that its assembly and its dependencies are in lib/<framework>/ (e.g. lib/net10.0/)"
                : $"'{source}' has no assemblies (.dll) in a lib/<framework>/ folder (it has {Describe(libFiles)}): pack the plug-in's assembly and its dependencies into lib/<framework>/");
        }

        var usable = groups.Where(group => group.Dlls.Count > 0).ToList();
        var chosen = LibFolders.Choose(usable.Select(group => group.TargetFramework));
        if (chosen is null)
        {
            var found = usable.Select(group => FolderOf(group.Dlls[0])).Distinct(StringComparer.OrdinalIgnoreCase);
            throw new RegistrationException(
                $"'{source}' has no lib folder for a framework this host runs (it has {string.Join(", ", found)}): build the plug-in for {LibFolders.Accepted}");
        }

        var dlls = usable.First(group => group.TargetFramework.Equals(chosen)).Dlls;
        dlls.Sort(StringComparer.OrdinalIgnoreCase);
        return (FolderOf(dlls[0]), dlls);
    }

    private static bool IsDirectAssembly(string item) =>
        item.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && item.Count(character => character == '/') == 2;

    private static string FolderOf(string item) => item[..item.LastIndexOf('/')];

    private static string Describe(List<string> files) =>
        files.Count <= 5 ? string.Join(", ", files) : $"{string.Join(", ", files.Take(5))} and {files.Count - 5} more";

    private static byte[] ReadEntry(PackageArchiveReader reader, string file)
    {
        using var stream = reader.GetStream(file);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
