using PluginHost.Registration.Inspection;
using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Packages;

/// <summary>What becomes of one assembly of a package.</summary>
public enum PackagedAssemblyFate
{
    /// <summary>Stored with the package and loaded from it.</summary>
    Stored,

    /// <summary>Not stored: the host supplies its own copy (the SDK and its WCF assemblies).</summary>
    Supplied,

    /// <summary>Not stored: the .NET shared framework has it, at the same or a newer version, and its copy is used.</summary>
    Framework,
}

/// <summary>The verdict on one assembly of a package; <see cref="Identity"/> is null when the file is not a readable assembly.</summary>
public sealed record PackagedAssemblyCheck(
    string FileName,
    AssemblyIdentity? Identity,
    string Sha256,
    byte[] Image,
    IReadOnlyList<string> PluginTypes,
    PackagedAssemblyFate Fate,
    bool Trusted,
    IReadOnlyList<ApiViolation> Violations)
{
    /// <summary>The assembly's simple name.</summary>
    public string? Name => Identity?.Name;

    /// <summary>The assembly's version, with four parts.</summary>
    public string? Version => Identity?.Version.ToString();

    /// <summary>True for an assembly that holds no plug-in type: only its code's users call it.</summary>
    public bool IsDependency => PluginTypes.Count == 0;
}

/// <summary>
/// The full validation and scan verdict on one package file; <see cref="UnresolvedReferences"/> are the references of its
/// stored assemblies that nothing at run time satisfies (each is also a refusal).
/// </summary>
public sealed record PackageCheck(
    string Source,
    string Name,
    string Version,
    string Sha256,
    string Folder,
    IsolationMode Isolation,
    IReadOnlyList<PackagedAssemblyCheck> Assemblies,
    IReadOnlyList<string> Refusals,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<UnresolvedReference> UnresolvedReferences)
{
    /// <summary>True when the package can be registered with <see cref="Isolation"/>.</summary>
    public bool Accepted => Refusals.Count == 0;

    /// <summary>Every plug-in type of the stored assemblies.</summary>
    public IReadOnlyList<string> PluginTypes =>
        Assemblies.Where(assembly => assembly.Fate == PackagedAssemblyFate.Stored).SelectMany(assembly => assembly.PluginTypes).Order(StringComparer.Ordinal).ToList();
}
