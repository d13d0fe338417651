namespace PluginHost.Registration.Inspection;

/// <summary>The identity of an assembly as its metadata states it.</summary>
public sealed record AssemblyIdentity(string Name, Version Version, string Culture, string? PublicKeyToken);

/// <summary>What inspecting an assembly's bytes found; <see cref="Problems"/> empty means registrable.</summary>
public sealed record AssemblyInspection(
    AssemblyIdentity? Identity,
    string Sha256,
    Version? SdkVersion,
    IReadOnlyList<string> PluginTypes,
    IReadOnlyList<string> Problems);
