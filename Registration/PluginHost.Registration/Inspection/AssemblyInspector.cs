using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace PluginHost.Registration.Inspection;

/// <summary>
/// Reads a plug-in assembly from its bytes with System.Reflection.Metadata, never loading or running it, and says
/// what it is and whether it can be registered (SPEC §4 "Validation").
/// </summary>
public static class AssemblyInspector
{
    private const string SdkName = "Microsoft.Xrm.Sdk";
    private const string PluginInterface = PluginTypeFinder.PluginInterface;

    // The contract assembly before issue 9; the host no longer supplies it.
    private const string LegacyContractsName = "PluginHost.Contracts";

    // The assemblies the host supplies to every plug-in: a plug-in must reference them, never be or carry them.
    private static readonly string[] SuppliedAssemblies = [SdkName, "Microsoft.Crm.Sdk.Proxy"];

    // Types that only a copy of the SDK defines; a plug-in may put its own helpers in the SDK's namespaces.
    private static readonly string[] SdkCoreTypes = ["IPlugin", "IPluginExecutionContext", "IOrganizationService", "Entity"];

    /// <summary>Inspects assembly bytes; <paramref name="source"/> (a file name) appears in every problem.</summary>
    public static AssemblyInspection Inspect(ReadOnlyMemory<byte> image, string source) => Inspect(image, source, null);

    /// <summary>
    /// Inspects one assembly of a package. Whether it references the SDK, has a plug-in type or is a supplied
    /// assembly is the package's question, not this assembly's: those problems are left out. A base class in another
    /// assembly of the package counts (<paramref name="package"/>).
    /// </summary>
    internal static AssemblyInspection InspectPackaged(ReadOnlyMemory<byte> image, string source, PackageTypes package) =>
        Inspect(image, source, package);

    private static AssemblyInspection Inspect(ReadOnlyMemory<byte> image, string source, PackageTypes? package)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(image.Span));
        if (image.Length == 0)
        {
            return Refused(sha256, $"{source} is empty: it is not a .NET assembly");
        }

        if (NativeFormat(image.Span) is { } native)
        {
            return Refused(sha256, $"{source} is a native {native} binary, not a .NET assembly");
        }

        try
        {
            using var pe = new PEReader(ImageBytes.AsImmutableArray(image));
            var headers = pe.PEHeaders;
            if (headers.CorHeader is null)
            {
                return Refused(sha256, $"{source} is a native Windows binary, not a .NET assembly (it has no CLI header)");
            }

            if (!pe.HasMetadata)
            {
                return Refused(sha256, $"{source} has no .NET metadata: it is not a .NET assembly");
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return Refused(sha256, $"{source} is a .NET module without an assembly manifest: build it as a class library");
            }

            return Inspect(pe, reader, sha256, source, package);
        }
        catch (Exception exception) when (UnreadableImage.Is(exception))
        {
            return Refused(sha256, $"{source} is not a readable .NET assembly (not a PE file, truncated or corrupt): {UnreadableImage.Describe(exception)}");
        }
    }

    private static AssemblyInspection Inspect(PEReader pe, MetadataReader reader, string sha256, string source, PackageTypes? package)
    {
        var problems = new List<string>();
        var definition = reader.GetAssemblyDefinition();
        var identity = new AssemblyIdentity(
            reader.GetString(definition.Name),
            definition.Version,
            definition.Culture.IsNil ? "neutral" : reader.GetString(definition.Culture),
            PublicKeyToken(reader, definition.PublicKey));

        var corFlags = pe.PEHeaders.CorHeader!.Flags;
        if ((corFlags & CorFlags.ILOnly) == 0)
        {
            problems.Add($"{source} is not IL-only (mixed-mode or C++/CLI): only pure managed assemblies can be registered");
        }

        if (pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size > 0)
        {
            problems.Add($"{source} contains precompiled native code (ReadyToRun): build it without PublishReadyToRun");
        }

        if (IsReferenceAssembly(reader))
        {
            problems.Add($"{source} is a reference assembly (metadata only, no code): register the implementation from bin/, not from obj/ref or refs/");
        }

        Version? sdkVersion = null;
        var problemsBeforeSdk = problems.Count;
        if (package is not null)
        {
            // A package's supplied assemblies are left out by the package registrar, with a warning.
            if (ReferencesLegacyContracts(reader))
            {
                problems.Add(LegacyContractsProblem(source));
            }

            if (!IsSupplied(identity.Name) && DefinesSdkTypes(reader) is { } copiedInPackage)
            {
                problems.Add($"{source} ships its own copy of {SdkName} (it defines {copiedInPackage}): reference {SdkName} without copying or merging it in");
            }
        }
        else if (SuppliedAssemblies.Contains(identity.Name, StringComparer.Ordinal))
        {
            problems.Add($"{source} is {identity.Name} itself, which the host supplies: register your plug-in assembly, which references it");
        }
        else
        {
            var referencesLegacyContracts = false;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.StringComparer.Equals(reference.Name, SdkName))
                {
                    sdkVersion = reference.Version;
                }
                else if (reader.StringComparer.Equals(reference.Name, LegacyContractsName))
                {
                    referencesLegacyContracts = true;
                }
            }

            // Any SDK version binds to the host's own Microsoft.Xrm.Sdk: Dataverse's 9.0.0.0 as well as older ones.
            if (referencesLegacyContracts)
            {
                problems.Add(LegacyContractsProblem(source));
            }
            else if (sdkVersion is null)
            {
                problems.Add($"{source} does not reference {SdkName}: plug-in types must implement {PluginInterface}");
            }

            if (DefinesSdkTypes(reader) is { } copied)
            {
                problems.Add($"{source} ships its own copy of {SdkName} (it defines {copied}): reference {SdkName} without copying or merging it in");
            }
        }

        var (pluginTypes, rejected) = PluginTypeFinder.Find(reader, package ?? PackageTypes.None);
        if (pluginTypes.Count == 0 && problems.Count == problemsBeforeSdk && package is null)
        {
            problems.Add(NoPluginTypeProblem(source, rejected));
        }

        var references = reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Select(reference => new AssemblyReferenceName(reader.GetString(reference.Name), reference.Version))
            .ToList();
        return new AssemblyInspection(identity, sha256, sdkVersion, pluginTypes, problems, references, rejected);
    }

    /// <summary>The names of the assemblies the host supplies to every plug-in: the SDK, and the WCF assemblies the SDK's faults come from.</summary>
    public static IReadOnlyList<string> SuppliedNames { get; } = [SdkName, "Microsoft.Crm.Sdk.Proxy", "System.ServiceModel", "System.ServiceModel.Primitives"];

    /// <summary>True when the host supplies an assembly of this simple name to every plug-in.</summary>
    public static bool IsSupplied(string name) => SuppliedNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The refusal of something with no plug-in type, with why each IPlugin class found was passed over.</summary>
    internal static string NoPluginTypeProblem(string source, IReadOnlyList<string> rejected)
    {
        var hint = rejected.Count == 0 ? "" : $" ({string.Join("; ", rejected)})";
        return $"{source} has no plug-in type: a plug-in is a public, non-abstract class implementing {PluginInterface} with a public constructor (), (string) or (string, string){hint}";
    }

    private static bool ReferencesLegacyContracts(MetadataReader reader) =>
        reader.AssemblyReferences.Any(handle => reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, LegacyContractsName));

    private static string LegacyContractsProblem(string source) =>
        $"{source} is built against {LegacyContractsName}, which this host no longer supplies: change 'using {LegacyContractsName};' to 'using {SdkName};' (and 'using {SdkName}.Query;' for queries), reference {SdkName} instead, and rebuild";

    private static AssemblyInspection Refused(string sha256, string problem) => new(null, sha256, null, [], [problem], [], []);

    private static string? NativeFormat(ReadOnlySpan<byte> image) => image switch
    {
        [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "ELF (Linux)",
        [0xCF, 0xFA, 0xED, 0xFE, ..] or [0xCE, 0xFA, 0xED, 0xFE, ..] or [0xCA, 0xFE, 0xBA, 0xBE, ..] => "Mach-O (macOS)",
        _ => null,
    };

    private static string? PublicKeyToken(MetadataReader reader, BlobHandle publicKey)
    {
        if (publicKey.IsNil)
        {
            return null;
        }

        // The token is the last 8 bytes of the SHA-1 of the public key, reversed: ECMA-335 fixes SHA-1 here; it
        // identifies, it does not protect.
#pragma warning disable CA5350
        var hash = SHA1.HashData(reader.GetBlobBytes(publicKey));
#pragma warning restore CA5350
        var token = hash.AsSpan(hash.Length - 8).ToArray();
        Array.Reverse(token);
        return Convert.ToHexStringLower(token);
    }

    private static bool IsReferenceAssembly(MetadataReader reader) =>
        reader.GetAssemblyDefinition().GetCustomAttributes()
            .Any(handle => AttributeTypeName(reader, reader.GetCustomAttribute(handle)) == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");

    private static string? DefinesSdkTypes(MetadataReader reader)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (reader.StringComparer.Equals(type.Namespace, SdkName) && SdkCoreTypes.Any(name => reader.StringComparer.Equals(type.Name, name)))
            {
                return $"{SdkName}.{reader.GetString(type.Name)}";
            }
        }

        return null;
    }

    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute) => attribute.Constructor.Kind switch
    {
        HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
            ? TypeNames.Of(reader, (TypeReferenceHandle)parent)
            : null,
        HandleKind.MethodDefinition => TypeNames.Of(reader, reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()),
        _ => null,
    };
}
