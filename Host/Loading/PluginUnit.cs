using System.Security.Cryptography;
using System.Text;
using PluginHost.Registration;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Host.Loading;

/// <summary>
/// What one load context holds: a lone assembly, or a whole package (the plug-in assembly and its dependencies). The
/// loaders, the sandbox gate and the worker pool know content by <see cref="Key"/>: a new key is new content.
/// </summary>
/// <param name="Id">The package's id, or the lone assembly's.</param>
/// <param name="Name">The package's name, or the lone assembly's.</param>
/// <param name="Key">The lone assembly's SHA-256; for a package, the SHA-256 of its file names and hashes (<see cref="PackageKey"/>).</param>
/// <param name="Isolation">Where the unit's plug-ins run.</param>
/// <param name="Files">The unit's files, by file name.</param>
/// <param name="IsPackage">True for a package.</param>
internal sealed record PluginUnit(Guid Id, string Name, string Key, IsolationMode Isolation, IReadOnlyList<UnitFile> Files, bool IsPackage)
{
    /// <summary>The unit of a lone assembly: one file, named after the assembly, keyed by its SHA-256.</summary>
    public static PluginUnit ForAssembly(Guid assemblyId, string assemblyName, string sha256, IsolationMode isolation) =>
        new(assemblyId, assemblyName, sha256, isolation, [new UnitFile(assemblyId, assemblyName, assemblyName + ".dll", sha256)], IsPackage: false);

    /// <summary>The unit of a package of <paramref name="files"/>.</summary>
    public static PluginUnit ForPackage(Guid packageId, string packageName, IsolationMode isolation, IEnumerable<UnitFile> files)
    {
        var sorted = files.OrderBy(file => file.FileName, StringComparer.Ordinal).ToList();
        return new PluginUnit(packageId, packageName, PackageKey(sorted), isolation, sorted, IsPackage: true);
    }

    /// <summary>
    /// The lowercase hex SHA-256 of the UTF-8 text made of <c>"{FileName}\n{Sha256}\n"</c> for each file, sorted by file
    /// name (ordinal): the same files under the same names make the same key, whatever the package's version says.
    /// </summary>
    public static string PackageKey(IEnumerable<UnitFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(file => file.FileName, StringComparer.Ordinal))
        {
            text.Append(file.FileName).Append('\n').Append(file.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// The file the unit's loader starts from (it names the context; the others are found beside it): the assembly named
    /// as the package, else the first by file name.
    /// </summary>
    public UnitFile MainFile =>
        Files.FirstOrDefault(file => string.Equals(file.AssemblyName, Name, StringComparison.OrdinalIgnoreCase)) ?? Files[0];

    /// <summary>The files as the plug-in cache and the sandbox protocol name them.</summary>
    public IReadOnlyList<UnitCacheFile> CacheFiles => [.. Files.Select(file => new UnitCacheFile(file.FileName, file.Sha256))];

    /// <summary>"package X" or "assembly X", for messages.</summary>
    public string Description => IsPackage ? $"package {Name}" : $"assembly {Name}";
}

/// <summary>One file of a <see cref="PluginUnit"/>: a registered assembly, the name its file has in the unit, and its content's SHA-256.</summary>
internal sealed record UnitFile(Guid AssemblyId, string AssemblyName, string FileName, string Sha256);
