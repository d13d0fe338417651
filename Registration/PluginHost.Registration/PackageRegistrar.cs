using PluginHost.Registration.Inspection;
using PluginHost.Registration.Packages;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Store;

namespace PluginHost.Registration;

/// <summary>
/// Registers plug-in packages (.nupkg): read with NuGet.Packaging, every assembly of the chosen lib folder inspected
/// from metadata (never executed), its dependencies resolved, each stored assembly scanned against the database's
/// disallowed list, then stored, all or nothing. The rules are <see cref="AssemblyRegistrar"/>'s, for a set of files:
/// plug-in types may live in any assembly of the package, and the package needs at least one.
/// </summary>
public sealed class PackageRegistrar(RegistrationStore store)
{
    /// <summary>Validates and scans a package file without storing anything.</summary>
    /// <exception cref="RegistrationException">The file is missing or is not a usable NuGet package.</exception>
    public PackageCheck Check(string path, IsolationMode isolation) => Check(PackageFileReader.Read(path), isolation);

    /// <summary>Validates and scans a package that has been read, without storing anything.</summary>
    public PackageCheck Check(PackageFile file, IsolationMode isolation)
    {
        var framework = UnitReferences.Framework;
        var refusals = new List<string>();
        var warnings = new List<string>();
        var inspected = new List<(PackagedAssemblyCheck Check, AssemblyInspection Inspection)>();
        using (var types = new PackageTypes(file.Assemblies.Select(assembly => new ReadOnlyMemory<byte>(assembly.Image))))
        {
            foreach (var assembly in file.Assemblies)
            {
                var inspection = AssemblyInspector.InspectPackaged(assembly.Image, assembly.FileName, types);
                var identity = inspection.Identity;
                var fate = identity is null ? PackagedAssemblyFate.Stored
                    : AssemblyInspector.IsSupplied(identity.Name) ? PackagedAssemblyFate.Supplied
                    : framework.VersionOf(identity.Name) is { } version && version >= identity.Version ? PackagedAssemblyFate.Framework
                    : PackagedAssemblyFate.Stored;
                var check = new PackagedAssemblyCheck(
                    assembly.FileName, identity, inspection.Sha256, assembly.Image,
                    fate == PackagedAssemblyFate.Stored ? inspection.PluginTypes : [], fate, Trusted: false, Violations: []);
                inspected.Add((check, inspection));
                switch (fate)
                {
                    case PackagedAssemblyFate.Supplied:
                        warnings.Add($"{assembly.FileName} ({check.Name} {check.Version}) is not stored: the host supplies its own {check.Name} to every plug-in");
                        break;
                    case PackagedAssemblyFate.Framework:
                        warnings.Add($"{assembly.FileName} ({check.Name} {check.Version}) is not stored: {FrameworkAssemblies.Description} has {check.Name} {framework.VersionOf(check.Name!)}, and the framework's copy is used");
                        break;
                    default:
                        refusals.AddRange(inspection.Problems);
                        break;
                }

                if (MisnamedProblem(assembly.FileName, file.Folder, identity) is { } misnamed)
                {
                    refusals.Add(misnamed);
                }
            }
        }

        var stored = inspected.Where(entry => entry.Check.Fate == PackagedAssemblyFate.Stored).ToList();
        var unresolved = UnitReferences.Unresolved(stored.Select(entry => (entry.Check.FileName, new ReadOnlyMemory<byte>(entry.Check.Image))));
        if (refusals.Count == 0)
        {
            if (!stored.Any(entry => entry.Check.PluginTypes.Count > 0))
            {
                var rejected = stored.SelectMany(entry => entry.Inspection.Rejected).ToList();
                refusals.Add(AssemblyInspector.NoPluginTypeProblem($"package {file.Source} ({string.Join(", ", file.Assemblies.Select(assembly => assembly.FileName))} in {file.Folder}/)", rejected));
            }

            refusals.AddRange(PackageDependencies.Problems(
                file.Source, file.Folder, stored.Select(entry => (entry.Check, entry.Inspection.References)).ToList(), unresolved, framework));
        }

        var scanned = Scan(stored.Where(entry => entry.Check.Identity is not null).ToList(), isolation, refusals, warnings);
        var assemblies = inspected.Select(entry => scanned.GetValueOrDefault(entry.Check.FileName, entry.Check)).ToList();
        if (refusals.Count == 0)
        {
            // What the store would refuse, said by check too.
            refusals.AddRange(RegistrationStore.ContentProblems(ToContent(file.Id, file.Version, file.Sha256, assemblies)));
        }

        return new PackageCheck(file.Source, file.Id, file.Version, file.Sha256, file.Folder, isolation, assemblies, refusals, warnings, unresolved);
    }

    /// <summary>
    /// Why a packaged file's name does not fit its assembly, or null when it is &lt;AssemblyName&gt;.dll (any case): the
    /// host's loader finds a plug-in's dependencies by file name, so a renamed file would load in no step.
    /// </summary>
    private static string? MisnamedProblem(string fileName, string folder, AssemblyIdentity? identity) =>
        identity is null || string.Equals(Path.GetFileNameWithoutExtension(fileName), identity.Name, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{folder}/{fileName} is assembly {identity.Name}: a package's assembly file must be named after its assembly ({identity.Name}.dll), because the host loads dependencies by file name; rename the file, or pack the assembly as its build names it";

    /// <summary>Registers a new package; returns it with the warnings its check earned.</summary>
    public (PackageRecord Package, IReadOnlyList<string> Warnings) Register(string path, IsolationMode isolation, string? description)
    {
        var check = Accept(Check(path, isolation));
        return (store.AddPackage(ToContent(check), isolation, description), check.Warnings);
    }

    /// <summary>Replaces the content of a registered package, keeping the steps of the plug-in types it still has.</summary>
    public (PackageRecord Package, IReadOnlyList<string> Warnings) Update(string idOrName, string path, IsolationMode? isolation)
    {
        var existing = store.FindPackage(idOrName);
        var check = Accept(Check(path, isolation ?? existing.Isolation));
        return (store.UpdatePackage(existing.Id.ToString(), ToContent(check), isolation), check.Warnings);
    }

    /// <summary>
    /// Scans every stored assembly. Sandboxed, a disallowed API refuses the package, unless it is in a dependency (no
    /// plug-in type) that an admin trusts by name, version and SHA-256: then it is a warning. With isolation none,
    /// every use is a warning. Returns the checks with their violations and trust.
    /// </summary>
    private Dictionary<string, PackagedAssemblyCheck> Scan(
        IReadOnlyList<(PackagedAssemblyCheck Check, AssemblyInspection Inspection)> stored, IsolationMode isolation, List<string> refusals, List<string> warnings)
    {
        var scanner = new DisallowedApiScanner(store.ListDisallowed());
        var trusted = store.ListTrusted().ToLookup(entry => entry.Sha256, StringComparer.Ordinal);
        var results = new Dictionary<string, PackagedAssemblyCheck>(StringComparer.Ordinal);
        foreach (var (check, inspection) in stored)
        {
            var report = scanner.Scan(check.Image);
            var isTrusted = check.IsDependency && trusted[check.Sha256]
                .Any(entry => string.Equals(entry.Name, check.Name, StringComparison.OrdinalIgnoreCase) && entry.Version == check.Version);
            results[check.FileName] = check with { Violations = report.Violations, Trusted = isTrusted };
            // As for a lone assembly: the scanner's structural problems repeat the inspector's, so they count only when it found none.
            if (inspection.Problems.Count == 0)
            {
                refusals.AddRange(report.Problems.Select(problem => $"{check.FileName}: {problem}"));
            }

            if (isolation == IsolationMode.Sandbox && check.Image.Length > AssemblyRegistrar.MaxSandboxedAssemblyBytes)
            {
                refusals.Add(
                    $"{check.FileName} is {check.Image.Length:N0} bytes, more than the {AssemblyRegistrar.MaxSandboxedAssemblyBytes:N0} bytes (63 MiB) a sandboxed assembly can have: " +
                    "the host sends it to a sandbox worker in one message; make it smaller, or register the package with --isolation none if you trust it");
            }

            if (report.Violations.Count == 0)
            {
                continue;
            }

            var what = check.IsDependency
                ? $"dependency {check.FileName} ({check.Name} {check.Version}, SHA-256 {check.Sha256})"
                : $"{check.FileName} ({check.Name} {check.Version})";
            if (isolation == IsolationMode.None)
            {
                warnings.AddRange(report.Violations.Select(violation => $"{what} uses disallowed API {violation} (allowed: isolation none trusts the whole package)"));
            }
            else if (isTrusted)
            {
                warnings.AddRange(report.Violations.Select(violation => $"trusted {what} uses disallowed API {violation}"));
            }
            else
            {
                refusals.AddRange(report.Violations.Select(violation => $"{what} uses disallowed API {violation}"));
                if (check.IsDependency)
                {
                    refusals.Add(
                        $"if you trust {check.Name} {check.Version} exactly as it is in this package, run: pluginreg trust add {check.Name} --version {check.Version} --sha256 {check.Sha256}; then register the package again");
                }
            }
        }

        return results;
    }

    private static PackageCheck Accept(PackageCheck check) =>
        check.Accepted ? check : throw new RegistrationException(check.Refusals);

    private static PackageContent ToContent(PackageCheck check) => ToContent(check.Name, check.Version, check.Sha256, check.Assemblies);

    private static PackageContent ToContent(string name, string version, string sha256, IEnumerable<PackagedAssemblyCheck> assemblies) => new(
        name,
        version,
        sha256,
        assemblies
            .Where(assembly => assembly.Fate == PackagedAssemblyFate.Stored)
            .Select(assembly => new PackagedAssembly(ToAssemblyContent(assembly), assembly.FileName))
            .ToList());

    private static AssemblyContent ToAssemblyContent(PackagedAssemblyCheck assembly) => new(
        assembly.Identity!.Name, assembly.Version!, assembly.Identity.Culture, assembly.Identity.PublicKeyToken, assembly.Sha256, assembly.Image, assembly.PluginTypes);
}
