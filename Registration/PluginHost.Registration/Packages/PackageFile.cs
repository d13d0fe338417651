namespace PluginHost.Registration.Packages;

/// <summary>
/// What a registration takes from a .nupkg: its id and version from the .nuspec, the SHA-256 of the whole file, the
/// lib folder chosen for this host and every assembly directly in it.
/// </summary>
public sealed record PackageFile(
    string Source,
    string Id,
    string Version,
    string Sha256,
    string Folder,
    IReadOnlyList<PackageFileAssembly> Assemblies);

/// <summary>One .dll of the chosen lib folder, by its file name, with its bytes.</summary>
public sealed record PackageFileAssembly(string FileName, byte[] Image);
