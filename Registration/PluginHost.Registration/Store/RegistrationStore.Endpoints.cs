using System.Data;
using Dapper;

namespace PluginHost.Registration.Store;

/// <summary>A service endpoint (webhook) plug-ins post execution contexts to [ServiceEndpoint]; its auth header is never listed.</summary>
public sealed record ServiceEndpointRecord(Guid Id, string Name, string Url, string? Description, bool HasAuthHeader, DateTime RegisteredOn, DateTime ModifiedOn);

public sealed partial class RegistrationStore
{
    private const string EndpointSelect =
        """
        SELECT e.id AS Id, e.name AS Name, e.url AS Url, e.description AS Description,
               EXISTS (SELECT 1 FROM service_endpoint_secrets s WHERE s.endpoint_id = e.id) AS HasAuthHeader,
               e.registered_on AS RegisteredOn, e.modified_on AS ModifiedOn
        FROM service_endpoints e
        """;

    /// <summary>All service endpoints, by name.</summary>
    public IReadOnlyList<ServiceEndpointRecord> ListServiceEndpoints() => Read(connection => ReadEndpoints(connection, null, "ORDER BY lower(e.name)", null));

    /// <summary>The endpoint with this id, or the one with this name (case-insensitive).</summary>
    public ServiceEndpointRecord FindServiceEndpoint(string idOrName) => Read(connection => FindEndpoint(connection, null, idOrName));

    /// <summary>The endpoint with <paramref name="id"/>, else the one named <paramref name="name"/>, else null; the host looks endpoints up this way.</summary>
    public ServiceEndpointRecord? FindServiceEndpoint(Guid id, string? name) => Read(connection =>
        ReadEndpoints(connection, null, "WHERE e.id = @id", new { id = id.ToString() }).SingleOrDefault()
        ?? (string.IsNullOrWhiteSpace(name) ? null : ReadEndpoints(connection, null, "WHERE lower(e.name) = lower(@name)", new { name = name.Trim() }).SingleOrDefault()));

    /// <summary>The auth header (<c>Name: value</c>) of an endpoint, decrypted, or null; only the host reads it, to post.</summary>
    /// <exception cref="RegistrationException">The key file is missing or is not the key it was encrypted with.</exception>
    public string? ReadServiceEndpointAuthHeader(Guid endpointId) => Read(connection =>
        connection.ExecuteScalar<object?>("SELECT auth_header FROM service_endpoint_secrets WHERE endpoint_id = @id", new { id = endpointId.ToString() }) switch
        {
            byte[] sealedValue => Database.Secrets.Open(
                sealedValue, RegistrationDatabase.EndpointSecretRow(endpointId.ToString()), $"the auth header of service endpoint {endpointId}"),
            var plain => plain as string,
        });

    /// <summary>Validates and stores a service endpoint; every rule that fails is reported together.</summary>
    public ServiceEndpointRecord RegisterServiceEndpoint(string name, string url, string? description = null, string? authHeader = null) => Write((connection, transaction) =>
    {
        name = name.Trim();
        url = url.Trim();
        var problems = new List<string>();
        if (!Names.IsValidLogicalName(name))
        {
            problems.Add($"'{name}' is not a valid endpoint name: use letters, digits and underscores, starting with a letter or underscore (at most {Names.MaxLength})");
        }
        else if (connection.ExecuteScalar<string?>("SELECT id FROM service_endpoints WHERE lower(name) = lower(@name)", new { name }, transaction) is { } existing)
        {
            problems.Add($"an endpoint named '{name}' already exists (id {existing}): choose another name, or 'pluginreg endpoint unregister {name}' first");
        }

        problems.AddRange(ServiceEndpointRules.UrlProblems(url));
        if (authHeader is not null)
        {
            problems.AddRange(ServiceEndpointRules.AuthHeaderProblems(authHeader));
        }

        if (problems.Count > 0)
        {
            throw new RegistrationException(problems);
        }

        var id = Guid.NewGuid();
        var now = Now();
        connection.Execute(
            """
            INSERT INTO service_endpoints (id, name, url, description, registered_on, modified_on)
            VALUES (@id, @name, @url, @description, @now, @now)
            """,
            new { id = id.ToString(), name, url, description, now },
            transaction);
        if (authHeader is not null)
        {
            connection.Execute(
                "INSERT INTO service_endpoint_secrets (endpoint_id, auth_header) VALUES (@id, @authHeader)",
                new { id = id.ToString(), authHeader = Database.SealSecret(connection, transaction, authHeader.Trim(), RegistrationDatabase.EndpointSecretRow(id.ToString())) },
                transaction);
        }

        return FindEndpoint(connection, transaction, id.ToString());
    });

    /// <summary>Removes a service endpoint with its auth header.</summary>
    public ServiceEndpointRecord RemoveServiceEndpoint(string idOrName) => Write((connection, transaction) =>
    {
        var endpoint = FindEndpoint(connection, transaction, idOrName);
        connection.Execute("DELETE FROM service_endpoints WHERE id = @id", new { id = endpoint.Id.ToString() }, transaction);
        return endpoint;
    });

    private static ServiceEndpointRecord FindEndpoint(IDbConnection connection, IDbTransaction? transaction, string idOrName)
    {
        var key = idOrName.Trim();
        var byId = Guid.TryParse(key, out var id)
            ? ReadEndpoints(connection, transaction, "WHERE e.id = @id", new { id = id.ToString() })
            : [];
        var byName = byId.Count == 1 ? [] : ReadEndpoints(connection, transaction, "WHERE lower(e.name) = lower(@key)", new { key });
        return FindOne(byId, byName, "service endpoint", key, endpoint => endpoint.Id.ToString());
    }

    private static List<ServiceEndpointRecord> ReadEndpoints(IDbConnection connection, IDbTransaction? transaction, string where, object? parameters) =>
        connection.Query<EndpointRow>($"{EndpointSelect} {where}", parameters, transaction)
            .Select(row => new ServiceEndpointRecord(
                Guid.Parse(row.Id), row.Name, row.Url, row.Description, row.HasAuthHeader, ParseTime(row.RegisteredOn), ParseTime(row.ModifiedOn)))
            .ToList();

    private sealed class EndpointRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Url { get; set; } = "";
        public string? Description { get; set; }
        public bool HasAuthHeader { get; set; }
        public string RegisteredOn { get; set; } = "";
        public string ModifiedOn { get; set; } = "";
    }
}
