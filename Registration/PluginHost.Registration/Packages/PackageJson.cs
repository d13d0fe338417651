using PluginHost.Registration.Store;

namespace PluginHost.Registration.Packages;

/// <summary>
/// The wire shape of a registered package, the same in <c>pluginreg package list --json</c> and the host's
/// <c>GET /api/admin/packages</c> (both write camelCase).
/// </summary>
public sealed record PackageJson(
    Guid Id,
    string Name,
    string Version,
    string Sha256,
    string Isolation,
    string? Description,
    DateTime RegisteredOn,
    DateTime ModifiedOn,
    IReadOnlyList<PackageAssemblyJson> Assemblies)
{
    /// <summary>The shape of <paramref name="package"/>.</summary>
    public static PackageJson From(PackageRecord package) => new(
        package.Id,
        package.Name,
        package.Version,
        package.Sha256,
        IsolationName(package.Isolation),
        package.Description,
        package.RegisteredOn,
        package.ModifiedOn,
        package.Assemblies
            .Select(assembly => new PackageAssemblyJson(
                assembly.Id, assembly.Name, assembly.Version, assembly.FileName, assembly.Sha256, assembly.Types.Select(type => type.TypeName).ToList()))
            .ToList());

    /// <summary>sandbox or none, as the command line takes it.</summary>
    public static string IsolationName(IsolationMode isolation) => isolation == IsolationMode.None ? "none" : "sandbox";
}

/// <summary>The wire shape of one stored assembly of a package.</summary>
public sealed record PackageAssemblyJson(Guid Id, string Name, string Version, string FileName, string Sha256, IReadOnlyList<string> PluginTypes);
