using System.Security.Cryptography;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace PluginHost.Registration.Packages;

/// <summary>
/// Reads a .nupkg with NuGet.Packaging into a <see cref="PackageFile"/>. Every way a file can fail to be a usable
/// plug-in package is one <see cref="RegistrationException"/> naming the file; nothing here touches the store.
/// </summary>
internal static class PackageFileReader
{
    /// <summary>Reads the package at <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationException">The file is missing, unreadable, too large, or not a usable plug-in package.</exception>
    public static PackageFile Read(string path) => Read(path, PackageLimits.Default);

    /// <summary>Reads the package at <paramref name="path"/> within <paramref name="limits"/>.</summary>
    internal static PackageFile Read(string path, PackageLimits limits)
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
            using var stream = File.OpenRead(path);
            // The length is checked first so a huge file is never read; the bounded copy catches a file that grows.
            bytes = (stream.Length <= limits.MaxFileBytes ? ReadBounded(stream, limits.MaxFileBytes, (int)stream.Length) : null)
                ?? throw new RegistrationException(FileTooLarge(path, limits));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot read '{path}': {exception.Message}");
        }

        return Read(bytes, Path.GetFileName(path), limits);
    }

    /// <summary>Reads package bytes; <paramref name="source"/> (a file name) appears in every problem.</summary>
    public static PackageFile Read(byte[] bytes, string source) => Read(bytes, source, PackageLimits.Default);

    /// <summary>Reads package bytes within <paramref name="limits"/>.</summary>
    internal static PackageFile Read(byte[] bytes, string source, PackageLimits limits)
    {
        if (bytes.Length == 0)
        {
            throw new RegistrationException($"file '{source}' is empty: it is not a NuGet package (make one with 'dotnet pack')");
        }

        if (bytes.Length > limits.MaxFileBytes)
        {
            throw new RegistrationException(FileTooLarge(source, limits));
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            using var reader = new PackageArchiveReader(new MemoryStream(bytes, writable: false), leaveStreamOpen: false);
            var files = reader.GetFiles().ToList();
            var badNames = PackageFileNames.Problems(files, source).ToList();
            if (badNames.Count > 0)
            {
                throw new RegistrationException(badNames);
            }

            var nuspec = files.FirstOrDefault(file => !file.Contains('/', StringComparison.Ordinal) && file.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                ?? throw new RegistrationException($"'{source}' has no .nuspec manifest: it is a zip file but not a NuGet package (make one with 'dotnet pack')");

            // NuGet reads the manifest whole: it is read once here, bounded, so a zip bomb stops at the entry limit.
            ReadEntry(reader, nuspec, source, limits);
            var identity = ReadIdentity(reader, source);
            var (folder, dlls) = ChooseAssemblies(reader, files, source);
            var assemblies = new List<PackageFileAssembly>();
            long total = 0;
            foreach (var dll in dlls)
            {
                var image = ReadEntry(reader, dll, source, limits);
                total += image.Length;
                if (total > limits.MaxAssemblyBytes)
                {
                    throw new RegistrationException(
                        $"the assemblies of '{source}' in {folder}/ come to more than {PackageLimits.Describe(limits.MaxAssemblyBytes)} (the limit) by {dll}: a plug-in package must be smaller; leave out what the plug-in does not need");
                }

                assemblies.Add(new PackageFileAssembly(Path.GetFileName(dll), image));
            }

            return new PackageFile(source, identity.Id, identity.Version.ToNormalizedString(), sha256, folder, assemblies);
        }
        catch (InvalidDataException exception)
        {
            throw new RegistrationException(
                $"'{source}' is not a readable NuGet package (not a zip archive, or a truncated or corrupt one): {exception.Message}");
        }
        catch (Exception exception) when (exception is PackagingException or FrameworkException or InvalidOperationException or System.Xml.XmlException)
        {
            throw new RegistrationException(
                $"'{source}' is a malformed NuGet package: {exception.Message}; repack it with 'dotnet pack' (lib/<framework>/ folders named as NuGet names frameworks, e.g. lib/net10.0/)");
        }
    }

    private static string FileTooLarge(string source, PackageLimits limits) =>
        $"'{source}' is larger than {PackageLimits.Describe(limits.MaxFileBytes)}, the largest plug-in package registration reads: leave out what the plug-in does not need";

    private static PackageIdentity ReadIdentity(PackageArchiveReader reader, string source)
    {
        NuspecReader nuspec;
        try
        {
            nuspec = reader.NuspecReader;
        }
        catch (Exception exception) when (exception is PackagingException or InvalidDataException or System.Xml.XmlException or ArgumentException or FormatException)
        {
            throw new RegistrationException($"'{source}' has an unreadable .nuspec manifest: {exception.Message}");
        }

        // Read field by field: NuGet's GetIdentity() throws a NullReferenceException on a manifest without a version.
        var id = nuspec.GetMetadataValue("id");
        var version = nuspec.GetMetadataValue("version");
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add($"'{source}' has a .nuspec manifest without a package <id>: pack it with 'dotnet pack'");
        }
        else if (!PackageIdValidator.IsValidPackageId(id))
        {
            problems.Add($"'{source}' has a .nuspec manifest whose <id> '{id}' is not a valid package id (letters, digits, '.', '-' and '_')");
        }

        NuGetVersion? parsed = null;
        if (string.IsNullOrWhiteSpace(version))
        {
            problems.Add($"'{source}' has a .nuspec manifest without a package <version>: pack it with 'dotnet pack'");
        }
        else if (!NuGetVersion.TryParse(version, out parsed))
        {
            problems.Add($"'{source}' has a .nuspec manifest whose <version> '{version}' is not a NuGet version (e.g. 1.2.0 or 1.2.0-beta)");
        }

        return problems.Count == 0 ? new PackageIdentity(id, parsed) : throw new RegistrationException(problems);
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
        PackageFileNames.IsAssembly(item) && item.Count(character => character == '/') == 2;

    private static string FolderOf(string item) => item[..item.LastIndexOf('/')];

    private static string Describe(List<string> files) =>
        files.Count <= 5 ? string.Join(", ", files) : $"{string.Join(", ", files.Take(5))} and {files.Count - 5} more";

    /// <summary>An entry's bytes, read to at most one byte past the entry limit whatever the zip header declares.</summary>
    private static byte[] ReadEntry(PackageArchiveReader reader, string entry, string source, PackageLimits limits)
    {
        using var stream = reader.GetStream(entry);
        return ReadBounded(stream, limits.MaxEntryBytes)
            ?? throw new RegistrationException(
                $"entry {entry} of '{source}' is larger than {PackageLimits.Describe(limits.MaxEntryBytes)}, the largest file of a plug-in package registration reads: leave it out or make it smaller");
    }

    /// <summary>The stream's bytes, or null when it holds more than <paramref name="limit"/>.</summary>
    private static byte[]? ReadBounded(Stream stream, long limit, int expectedBytes = 0)
    {
        using var copy = new MemoryStream(expectedBytes);
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, limit + 1 - copy.Length))) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > limit)
            {
                return null;
            }
        }

        return copy.ToArray();
    }
}
