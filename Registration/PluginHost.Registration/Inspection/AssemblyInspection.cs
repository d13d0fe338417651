namespace PluginHost.Registration.Inspection;

/// <summary>The identity of an assembly as its metadata states it.</summary>
public sealed record AssemblyIdentity(string Name, Version Version, string Culture, string? PublicKeyToken);

/// <summary>An assembly another one references, as its metadata names it.</summary>
public sealed record AssemblyReferenceName(string Name, Version Version);

/// <summary>
/// What inspecting an assembly's bytes found; <see cref="Problems"/> empty means registrable. <see cref="Rejected"/>
/// says why each IPlugin class that is not a plug-in type was passed over.
/// </summary>
public sealed record AssemblyInspection(
    AssemblyIdentity? Identity,
    string Sha256,
    Version? SdkVersion,
    IReadOnlyList<string> PluginTypes,
    IReadOnlyList<string> Problems,
    IReadOnlyList<AssemblyReferenceName> References,
    IReadOnlyList<string> Rejected);
