using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Packages;

/// <summary>
/// Checks that every assembly a package stores can be loaded: each of its references must be another stored assembly
/// of the package (at the version referenced or newer), an assembly the host supplies, or part of the .NET shared
/// framework (at the version referenced or newer). What counts as resolved is <see cref="UnitReferences"/>'s, as for a
/// lone assembly and at the host's sandbox gate; the version of a carried assembly is checked here.
/// </summary>
internal static class PackageDependencies
{
    /// <summary>One refusal per missing or too old dependency, naming who references it.</summary>
    public static IEnumerable<string> Problems(
        string source,
        string folder,
        IReadOnlyList<(PackagedAssemblyCheck Check, IReadOnlyList<AssemblyReferenceName> References)> stored,
        IReadOnlyList<UnresolvedReference> unresolved,
        FrameworkAssemblies framework)
    {
        var carried = stored
            .Where(assembly => assembly.Check.Name is not null)
            .GroupBy(assembly => assembly.Check.Name!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Check, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (check, references) in stored)
        {
            foreach (var reference in references)
            {
                if (carried.TryGetValue(reference.Name, out var packaged) && System.Version.Parse(packaged.Version!) < reference.Version)
                {
                    problems.Add(
                        $"{check.FileName} ({check.Name} {check.Version}) references {reference.Name} {reference.Version}, but package {source} carries the older {packaged.Version} ({packaged.FileName}): pack the version it was built against");
                }
            }
        }

        var missing = new SortedDictionary<string, (Version Version, List<string> ReferencedBy)>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in unresolved)
        {
            var referencedBy = $"{reference.FileName} ({reference.AssemblyName} {VersionOf(stored, reference.FileName)})";
            if (framework.VersionOf(reference.Name) is { } frameworkVersion)
            {
                problems.Add(
                    $"{referencedBy} references {reference.Name} {reference.Version}, newer than the {frameworkVersion} of this host's {FrameworkAssemblies.Description}: build it for the host's .NET or an older one, or pack {reference.Name} {reference.Version} into {folder}/");
                continue;
            }

            if (!missing.TryGetValue(reference.Name, out var entry))
            {
                entry = (reference.Version, []);
                missing[reference.Name] = entry;
            }

            entry.ReferencedBy.Add(referencedBy);
        }

        problems.AddRange(missing.Select(pair =>
            $"missing dependency {pair.Key} {pair.Value.Version}, referenced by {string.Join(", ", pair.Value.ReferencedBy)}: it is not in {folder}/ of {source}, not supplied by the host and not part of {FrameworkAssemblies.Description}; pack it with the plug-in (its .dll in {folder}/)"));
        return problems;
    }

    private static string? VersionOf(IReadOnlyList<(PackagedAssemblyCheck Check, IReadOnlyList<AssemblyReferenceName> References)> stored, string fileName) =>
        stored.First(assembly => assembly.Check.FileName == fileName).Check.Version;
}
