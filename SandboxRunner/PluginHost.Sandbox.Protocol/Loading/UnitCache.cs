using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace PluginHost.Sandbox.Protocol.Loading;

/// <summary>
/// Plug-in files on disk for McMaster's loader, which loads from paths: each file's content once, as
/// <c>blobs/&lt;sha256&gt;.dll</c> (mode 0400), and each load unit as a folder <c>units/&lt;key&gt;/</c> holding one
/// symbolic link per file, under the file name the unit gives it. A blob is written under a temporary name and renamed,
/// a unit folder is built under a temporary name and renamed, so a reader sees a whole blob and a whole unit or none.
/// Folders the cache creates are 0700: only the owner (the host, or the one worker whose private copy this is) reads
/// them; a folder that exists already (one an admin configured, say) keeps its permissions. A folder removed while the
/// cache is in use (an admin's <c>rm -rf</c>) is created again when next needed.
/// </summary>
/// <remarks>
/// Not thread-safe: the host calls it under its loader's lock, a worker from its one frame loop. Files are loaded into
/// memory (<c>LoadInMemory</c>), so none stays open and a unit folder may be removed once its context is unloaded.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class UnitCache
{
    private const string BlobsFolder = "blobs";
    private const string UnitsFolder = "units";
    private const string TemporaryPrefix = ".tmp-";
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead;

    private readonly string _blobs;
    private readonly string _units;

    /// <summary>Opens (creating) the cache in <paramref name="root"/> and removes everything a previous process left in it.</summary>
    /// <remarks>
    /// Blobs are not flushed to disk before they are renamed (a flush per file would cost more than a whole load): a
    /// crash may leave a blob that has its name but not all its bytes. Starting empty means such a blob is never used.
    /// </remarks>
    public UnitCache(string root)
    {
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, BlobsFolder);
        _units = Path.Combine(Root, UnitsFolder);
        Retain(new HashSet<string>());
    }

    /// <summary>The cache's folder.</summary>
    public string Root { get; }

    /// <summary>The keys of the unit folders on disk.</summary>
    public IReadOnlyList<string> Units =>
        [.. Directory.EnumerateDirectories(EnsureFolders(_units)).Select(folder => Path.GetFileName(folder)).Where(name => !name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))];

    /// <summary>True when the content with this SHA-256 is on disk.</summary>
    public bool HasBlob(string sha256) => File.Exists(BlobPath(sha256));

    /// <summary>Writes a file's content unless it is there already.</summary>
    /// <exception cref="InvalidDataException">The content's SHA-256 is not <paramref name="sha256"/>.</exception>
    public void AddBlob(string sha256, ReadOnlySpan<byte> content)
    {
        var path = BlobPath(sha256);
        if (File.Exists(path))
        {
            return;
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the content given for {sha256} has SHA-256 {actual}");
        }

        var temporary = Path.Combine(EnsureFolders(_blobs), $"{TemporaryPrefix}{sha256}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                stream.Write(content);
            }

            File.SetUnixFileMode(temporary, ReadOnlyFile);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The folder of a unit, built from blobs already added when it is not on disk yet.</summary>
    /// <exception cref="InvalidDataException">A name or hash is not one this cache accepts, or a blob is missing.</exception>
    public string AddUnit(string key, IReadOnlyList<UnitCacheFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var folder = Path.Combine(EnsureFolders(_units), CheckHash(key, "unit key"));
        if (Directory.Exists(folder))
        {
            if (files.All(file => File.Exists(Path.Combine(folder, file.FileName))))
            {
                return folder;
            }

            // Its blobs were removed under it (File.Exists follows the links): built again on the blobs added since.
            Directory.Delete(folder, recursive: true);
        }

        var temporary = Path.Combine(_units, $"{TemporaryPrefix}{key}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary, PrivateFolder);
        try
        {
            foreach (var file in files)
            {
                if (!HasBlob(file.Sha256))
                {
                    throw new InvalidDataException($"the content of {file.FileName} ({file.Sha256}) is not in the plug-in cache");
                }

                // Relative, so that the cache folder can be moved whole: units/<key>/<file> -> ../../blobs/<sha>.dll.
                File.CreateSymbolicLink(Path.Combine(temporary, CheckFileName(file.FileName)), Path.Combine("..", "..", BlobsFolder, BlobName(file.Sha256)));
            }

            Directory.Move(temporary, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Built meanwhile by another process sharing the folder: the same content under the same key.
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return folder;
    }

    /// <summary>Removes every unit folder not named in <paramref name="keys"/>, then every blob no remaining unit links to.</summary>
    public void Retain(IReadOnlySet<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var linked = new HashSet<string>(StringComparer.Ordinal);
        EnsureFolders(_units);
        foreach (var folder in Directory.EnumerateDirectories(_units))
        {
            if (keys.Contains(Path.GetFileName(folder)))
            {
                foreach (var link in Directory.EnumerateFiles(folder))
                {
                    if (new FileInfo(link).LinkTarget is { } target)
                    {
                        linked.Add(Path.GetFileName(target));
                    }
                }
            }
            else
            {
                // Deletes the links, never what they point to.
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var blob in Directory.EnumerateFiles(EnsureFolders(_blobs)))
        {
            if (!linked.Contains(Path.GetFileName(blob)))
            {
                File.Delete(blob);
            }
        }
    }

    private string BlobPath(string sha256) => Path.Combine(_blobs, BlobName(sha256));

    private static string BlobName(string sha256) => CheckHash(sha256, "SHA-256") + ".dll";

    /// <summary>
    /// <paramref name="folder"/> (the root, <c>blobs</c> or <c>units</c>), with the root and the cache's two folders
    /// created again when missing: removed while the cache is in use, they are needed again at the next load.
    /// </summary>
    private string EnsureFolders(string folder)
    {
        if (!Directory.Exists(folder))
        {
            CreatePrivateFolder(Root);
            CreatePrivateFolder(_blobs);
            CreatePrivateFolder(_units);
        }

        return folder;
    }

    /// <summary>Creates a folder 0700 (whatever the umask) unless it exists: one that exists keeps its permissions.</summary>
    /// <returns>True when the folder was created here.</returns>
    public static bool CreatePrivateFolder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(path, PrivateFolder);
        File.SetUnixFileMode(path, PrivateFolder);
        return true;
    }

    /// <summary>A lowercase hex SHA-256: what names blobs and unit folders, so nothing else can become a path.</summary>
    private static string CheckHash(string hash, string what) =>
        hash is { Length: 64 } && hash.All(char.IsAsciiHexDigitLower)
            ? hash
            : throw new InvalidDataException($"'{hash}' is not a {what} (64 lowercase hex digits)");

    /// <summary>A plain file name: no folder, no way out of the unit's folder.</summary>
    private static string CheckFileName(string fileName) =>
        fileName.Length > 0 && fileName is not ("." or "..") && fileName.IndexOfAny(['/', '\\', '\0']) < 0 && !fileName.StartsWith(TemporaryPrefix, StringComparison.Ordinal)
            ? fileName
            : throw new InvalidDataException($"'{fileName}' is not a plain file name");
}

/// <summary>One file of a unit as the cache lays it out: its name in the unit's folder and its content's SHA-256.</summary>
public sealed record UnitCacheFile(string FileName, string Sha256);
