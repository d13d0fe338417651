using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Checks an assembly against the disallowed-API list from its bytes, never loading it (SPEC §7): type and member
/// references with their generic instantiations, base types and interfaces, custom attributes, P/Invoke
/// declarations, signatures (pointer and function-pointer types) and every token in every method body.
/// Thread-safe once built; build one per version of the list (cheap: building compiles nothing).
/// </summary>
public sealed class DisallowedApiScanner(IEnumerable<DisallowedApi> rules)
{
    private readonly RuleSet _rules = new(rules);

    /// <summary>Scans assembly bytes, which must not change during the call.</summary>
    public ScanReport Scan(ReadOnlyMemory<byte> image)
    {
        try
        {
            using var pe = new PEReader(Inspection.ImageBytes.AsImmutableArray(image));
            if (pe.PEHeaders.CorHeader is not { } cor || !pe.HasMetadata)
            {
                return new ScanReport([], ["not a .NET assembly"]);
            }

            var problems = new List<string>();
            if ((cor.Flags & CorFlags.ILOnly) == 0)
            {
                problems.Add("not IL-only: it contains native code");
            }

            if (cor.ManagedNativeHeaderDirectory.Size > 0)
            {
                problems.Add("contains precompiled native code (ReadyToRun)");
            }

            var walk = new AssemblyWalk(pe, pe.GetMetadataReader(), _rules);
            walk.Run();
            return new ScanReport(walk.Violations(), problems);
        }
        catch (Exception exception) when (Inspection.UnreadableImage.Is(exception))
        {
            return new ScanReport([], [$"unreadable metadata or IL: {Inspection.UnreadableImage.Describe(exception)}"]);
        }
    }
}
