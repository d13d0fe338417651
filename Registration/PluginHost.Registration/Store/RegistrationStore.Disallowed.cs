using Dapper;
using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationStore
{
    /// <summary>The disallowed-API list, by pattern.</summary>
    public IReadOnlyList<DisallowedApi> ListDisallowed() => Read(connection =>
        connection.Query<(string Pattern, string Reason)>("SELECT pattern, reason FROM disallowed_apis ORDER BY pattern")
            .Select(row => new DisallowedApi(row.Pattern, row.Reason))
            .ToList());

    /// <summary>Adds a pattern to the disallowed-API list.</summary>
    public DisallowedApi AddDisallowed(string pattern, string? reason) => Write((connection, transaction) =>
    {
        var problem = DisallowedApi.Validate(pattern);
        if (problem is not null)
        {
            throw new RegistrationException(problem);
        }

        if (connection.ExecuteScalar<int>("SELECT COUNT(*) FROM disallowed_apis WHERE pattern = @pattern", new { pattern }, transaction) > 0)
        {
            throw new RegistrationException($"'{pattern}' is already on the disallowed list");
        }

        var entry = new DisallowedApi(pattern, string.IsNullOrWhiteSpace(reason) ? "disallowed by an administrator" : reason.Trim());
        connection.Execute("INSERT INTO disallowed_apis (pattern, reason) VALUES (@Pattern, @Reason)", entry, transaction);
        return entry;
    });

    /// <summary>Removes a pattern from the disallowed-API list.</summary>
    public DisallowedApi RemoveDisallowed(string pattern) => Write((connection, transaction) =>
    {
        var row = connection.QuerySingleOrDefault<(string Pattern, string Reason)?>(
            "SELECT pattern, reason FROM disallowed_apis WHERE pattern = @pattern", new { pattern }, transaction)
            ?? throw new RegistrationException($"'{pattern}' is not on the disallowed list ('pluginreg disallowed list' shows it)");
        connection.Execute("DELETE FROM disallowed_apis WHERE pattern = @pattern", new { pattern }, transaction);
        return new DisallowedApi(row.Pattern, row.Reason);
    });
}
