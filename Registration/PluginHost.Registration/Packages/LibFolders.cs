using NuGet.Frameworks;

namespace PluginHost.Registration.Packages;

/// <summary>
/// Chooses the lib/&lt;framework&gt;/ folder of a package this host can run: the one NuGet finds nearest to net10.0
/// among net8.0 to net10.0 and netstandard2.0/2.1, else the highest .NET Framework folder from net462 (issue 6: a
/// net462 plug-in runs on this host through the compatibility shims).
/// </summary>
internal static class LibFolders
{
    /// <summary>What the host runs on.</summary>
    public static NuGetFramework Host { get; } = NuGetFramework.Parse("net10.0");

    /// <summary>The folders accepted, for messages.</summary>
    public const string Accepted = "net10.0, net9.0, net8.0, netstandard2.1, netstandard2.0, or net462 to net48x";

    private static readonly Version LowestCore = new(8, 0);
    private static readonly Version LowestFramework = new(4, 6, 2);

    /// <summary>The best of <paramref name="frameworks"/>, or null when none can run here.</summary>
    public static NuGetFramework? Choose(IEnumerable<NuGetFramework> frameworks)
    {
        var candidates = frameworks.Where(framework => !framework.HasPlatform && !framework.HasProfile).ToList();
        var modern = candidates.Where(IsModern).ToList();
        if (new FrameworkReducer().GetNearest(Host, modern) is { } nearest)
        {
            return nearest;
        }

        return candidates
            .Where(framework => framework.Framework == FrameworkConstants.FrameworkIdentifiers.Net
                && framework.Version >= LowestFramework && framework.Version.Major == 4)
            .OrderByDescending(framework => framework.Version)
            .FirstOrDefault();
    }

    private static bool IsModern(NuGetFramework framework) => framework.Framework switch
    {
        FrameworkConstants.FrameworkIdentifiers.NetCoreApp => framework.Version >= LowestCore && framework.Version <= Host.Version,
        FrameworkConstants.FrameworkIdentifiers.NetStandard => framework.Version.Major == 2 && framework.Version.Minor <= 1,
        _ => false,
    };
}
