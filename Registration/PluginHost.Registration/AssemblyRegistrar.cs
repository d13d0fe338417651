using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Inspection;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Store;

namespace PluginHost.Registration;

/// <summary>
/// The full validation and scan verdict on one assembly file. <see cref="UnresolvedReferences"/> are the references
/// nothing at run time satisfies (<see cref="UnitReferences"/>): sandboxed they refuse it, with isolation none they warn.
/// </summary>
public sealed record AssemblyCheck(
    string Source,
    string? Name,
    string? Version,
    string? Culture,
    string? PublicKeyToken,
    string? Sha256,
    IReadOnlyList<string> PluginTypes,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ApiViolation> Violations,
    IsolationMode Isolation,
    IReadOnlyList<UnresolvedReference> UnresolvedReferences)
{
    /// <summary>
    /// Every reason the assembly would be refused: its problems, and when sandboxed its violations and unresolved
    /// references. Those references count only once it has no problem: a problem such as a reference to the old
    /// contract assembly already names the reference, and says better what to do.
    /// </summary>
    public IReadOnlyList<string> Refusals =>
    [
        .. Problems,
        .. Isolation == IsolationMode.Sandbox ? Violations.Select(violation => $"disallowed API {violation}") : [],
        .. Isolation == IsolationMode.Sandbox && Problems.Count == 0 ? UnresolvedReferences.Select(SandboxRefusal) : [],
    ];

    /// <summary>True when the assembly can be registered with <see cref="Isolation"/>.</summary>
    public bool Accepted => Refusals.Count == 0;

    /// <summary>Violations that do not refuse a trusted assembly but are worth telling its owner.</summary>
    public IReadOnlyList<string> Warnings => Isolation == IsolationMode.None
        ?
        [
            .. Violations.Select(violation => $"trusted assembly uses disallowed API {violation}"),
            .. UnresolvedReferences.Select(reference =>
                $"{reference.FileName} references {reference.Name} {reference.Version}, which is neither supplied by the host nor part of {FrameworkDescription}: " +
                $"a lone assembly is loaded without dependencies, so its steps may fail where it uses {reference.Name}; pack the plug-in with its dependencies (dotnet pack) and register it with 'pluginreg package register'"),
        ]
        : [];

    private static string FrameworkDescription => Packages.FrameworkAssemblies.Description;

    private static string SandboxRefusal(UnresolvedReference reference) =>
        $"{reference.FileName} references {reference.Name} {reference.Version}, which a sandboxed assembly cannot load: the sandbox worker has only the host-supplied assemblies " +
        $"({string.Join(", ", AssemblyInspector.SuppliedNames)}) and {FrameworkDescription}'s own; pack the plug-in with its dependencies as a package (dotnet pack) and register it with 'pluginreg package register'";
}

/// <summary>
/// Registers plug-in assembly files: read, inspect from metadata (never executed), scan against the database's
/// disallowed list, then store, all or nothing.
/// </summary>
public sealed class AssemblyRegistrar(RegistrationStore store)
{
    /// <summary>
    /// The largest sandboxed assembly, 63 MiB: the host sends a sandboxed assembly to its worker in one frame, and a
    /// frame holds at most 64 MiB unless the host's PluginHost:Sandbox:MaxFrameMegabytes says otherwise (pluginreg
    /// cannot know); the frame also carries the assembly's hash and length, and a round figure is easier to state.
    /// </summary>
    public const int MaxSandboxedAssemblyBytes = 63 * 1024 * 1024;

    /// <summary>Validates and scans a file without storing anything.</summary>
    public AssemblyCheck Check(string path, IsolationMode isolation) => Check(ReadFile(path), Path.GetFileName(path), isolation);

    /// <summary>Validates and scans assembly bytes without storing anything.</summary>
    public AssemblyCheck Check(byte[] image, string source, IsolationMode isolation)
    {
        var inspection = AssemblyInspector.Inspect(image, source);
        var scan = new DisallowedApiScanner(store.ListDisallowed()).Scan(image);
        var unresolved = UnitReferences.Unresolved([(source, image)]);
        var problems = inspection.Problems.Count > 0
            ? inspection.Problems.ToList()
            : scan.Problems.Select(problem => $"{source}: {problem}").ToList();
        if (isolation == IsolationMode.Sandbox && image.Length > MaxSandboxedAssemblyBytes)
        {
            problems.Add(
                $"{source} is {image.Length:N0} bytes, more than the {MaxSandboxedAssemblyBytes:N0} bytes (63 MiB) a sandboxed assembly can have: " +
                "the host sends it to a sandbox worker in one message; make it smaller (move large resources out of it), or register it with --isolation none if you trust it");
        }

        return new AssemblyCheck(
            source,
            inspection.Identity?.Name,
            inspection.Identity?.Version.ToString(),
            inspection.Identity?.Culture,
            inspection.Identity?.PublicKeyToken,
            inspection.Sha256,
            inspection.PluginTypes,
            problems,
            scan.Violations,
            isolation,
            unresolved);
    }

    /// <summary>Registers a new assembly; returns it with the warnings a trusted assembly earned.</summary>
    public (AssemblyRecord Assembly, IReadOnlyList<string> Warnings) Register(string path, IsolationMode isolation, string? description)
    {
        var image = ReadFile(path);
        var check = Accept(Check(image, Path.GetFileName(path), isolation));
        return (store.AddAssembly(ToContent(check, image), isolation, description), check.Warnings);
    }

    /// <summary>Replaces the content of a registered assembly, keeping its steps.</summary>
    public (AssemblyRecord Assembly, IReadOnlyList<string> Warnings) Update(string idOrName, string path, IsolationMode? isolation)
    {
        var existing = store.FindAssembly(idOrName);
        var image = ReadFile(path);
        var check = Accept(Check(image, Path.GetFileName(path), isolation ?? existing.Isolation));
        return (store.UpdateAssembly(existing.Id.ToString(), ToContent(check, image), isolation), check.Warnings);
    }

    private static AssemblyCheck Accept(AssemblyCheck check) =>
        check.Accepted ? check : throw new RegistrationException(check.Refusals);

    private static AssemblyContent ToContent(AssemblyCheck check, byte[] image) =>
        new(check.Name!, check.Version!, check.Culture ?? "neutral", check.PublicKeyToken, check.Sha256!, image, check.PluginTypes);

    private static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new RegistrationException($"'{path}' is a folder: give the path of the plug-in .dll file");
        }

        if (!File.Exists(path))
        {
            throw new RegistrationException($"file '{path}' does not exist");
        }

        try
        {
            var image = File.ReadAllBytes(path);
            return image.Length > 0 ? image : throw new RegistrationException($"file '{path}' is empty: it is not a .NET assembly");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot read '{path}': {exception.Message}");
        }
    }
}
