using System.Data;
using Dapper;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationStore
{
    private const string TrustedColumns =
        "name AS Name, version AS Version, sha256 AS Sha256, description AS Description, added_on AS AddedOn";

    /// <summary>The trusted dependencies, by name then version.</summary>
    public IReadOnlyList<TrustedAssemblyRecord> ListTrusted() => Read(connection => ReadTrusted(connection, null, "", new { }));

    /// <summary>
    /// Trusts one exact dependency: its disallowed APIs are reported, not refused, when a sandboxed package carries a
    /// file with this name, version and SHA-256. The version is kept with four parts (1.2 is 1.2.0.0), the SHA-256 in
    /// lowercase hex, as assemblies are.
    /// </summary>
    public TrustedAssemblyRecord AddTrusted(string name, string version, string sha256, string? description) =>
        Write((connection, transaction) =>
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add("the assembly name is empty: give the simple name, e.g. Newtonsoft.Json");
            }

            var normalizedVersion = NormalizeVersion(version);
            if (normalizedVersion is null)
            {
                problems.Add($"'{version}' is not an assembly version: give it as major.minor[.build[.revision]], e.g. 13.0.0.0");
            }

            var normalizedSha = sha256.Trim().ToLowerInvariant();
            if (!IsSha256(normalizedSha))
            {
                problems.Add($"'{sha256}' is not a SHA-256: give 64 hexadecimal digits, as 'pluginreg package check' prints them");
            }

            if (problems.Count > 0)
            {
                throw new RegistrationException(problems);
            }

            var existing = ReadTrusted(connection, transaction, "WHERE sha256 = @sha", new { sha = normalizedSha });
            if (existing.Count > 0)
            {
                throw new RegistrationException(
                    $"the assembly with SHA-256 {normalizedSha} is already trusted (as {existing[0].Name} {existing[0].Version}): remove it first with 'pluginreg trust remove {normalizedSha}' to trust it under another name");
            }

            connection.Execute(
                "INSERT INTO trusted_assemblies (sha256, name, version, description, added_on) VALUES (@sha, @name, @version, @description, @now)",
                new { sha = normalizedSha, name = name.Trim(), version = normalizedVersion, description, now = Now() },
                transaction);
            return ReadTrusted(connection, transaction, "WHERE sha256 = @sha", new { sha = normalizedSha }).Single();
        });

    /// <summary>Stops trusting a dependency, given its SHA-256 or its name (when one trusted entry has it).</summary>
    public TrustedAssemblyRecord RemoveTrusted(string nameOrSha256) => Write((connection, transaction) =>
    {
        var key = nameOrSha256.Trim();
        var bySha = ReadTrusted(connection, transaction, "WHERE sha256 = @sha", new { sha = key.ToLowerInvariant() });
        var byName = bySha.Count == 1 ? [] : ReadTrusted(connection, transaction, "WHERE lower(name) = lower(@key)", new { key });
        var trusted = (bySha.Count, byName.Count) switch
        {
            (1, _) => bySha[0],
            (_, 1) => byName[0],
            (_, 0) => throw new RegistrationException($"no trusted assembly has the SHA-256 or name '{key}': 'pluginreg trust list' shows them"),
            _ => throw new RegistrationException(
                $"{byName.Count} trusted entries are named '{key}' ({string.Join(", ", byName.Select(entry => $"{entry.Version} sha256 {entry.Sha256}"))}): give the SHA-256"),
        };
        connection.Execute("DELETE FROM trusted_assemblies WHERE sha256 = @Sha256", trusted, transaction);
        return trusted;
    });

    /// <summary>A version with four parts (missing ones are 0), or null when the text is not a version.</summary>
    public static string? NormalizeVersion(string text) =>
        Version.TryParse(text.Trim(), out var version)
            ? new Version(version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0)).ToString()
            : null;

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    private static List<TrustedAssemblyRecord> ReadTrusted(IDbConnection connection, IDbTransaction? transaction, string where, object parameters) =>
        connection.Query<(string Name, string Version, string Sha256, string? Description, string AddedOn)>(
                $"SELECT {TrustedColumns} FROM trusted_assemblies {where} ORDER BY name, version, sha256", parameters, transaction)
            .Select(row => new TrustedAssemblyRecord(row.Name, row.Version, row.Sha256, row.Description, ParseTime(row.AddedOn)))
            .ToList();
}
