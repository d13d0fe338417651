using Dapper;
using PluginHost.Registration.Secrets;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationDatabase
{
    /// <summary>
    /// Encrypts the secrets a version before encryption stored as text, in one transaction; a no-op (one query, no key
    /// needed) when there are none. SQLite only: PostgreSQL databases were never written by such a version.
    /// </summary>
    private void SealPlaintextSecrets()
    {
        using var connection = OpenConnection();
        const string Pending =
            """
            SELECT 'step' AS Kind, step_id AS Id, config AS Secret FROM step_secure_configs WHERE typeof(config) = 'text'
            UNION ALL
            SELECT 'endpoint', endpoint_id, auth_header FROM service_endpoint_secrets WHERE typeof(auth_header) = 'text'
            """;
        if (!connection.ExecuteScalar<bool>($"SELECT EXISTS ({Pending})"))
        {
            return;
        }

        // secure_delete zeroes the old cells instead of leaving the plain text in free space; the checkpoint afterwards
        // empties the WAL, which holds the pages as they were before (best effort: it waits for no reader).
        connection.Execute("PRAGMA secure_delete = ON");
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var (kind, id, secret) in connection.Query<(string Kind, string Id, string Secret)>(Pending, transaction: transaction).ToList())
        {
            var step = kind == "step";
            connection.Execute(
                step
                    ? "UPDATE step_secure_configs SET config = @sealed WHERE step_id = @id"
                    : "UPDATE service_endpoint_secrets SET auth_header = @sealed WHERE endpoint_id = @id",
                new { id, @sealed = SealSecret(connection, transaction, secret, step ? StepSecretRow(id) : EndpointSecretRow(id)) },
                transaction);
        }

        transaction.Commit();
        connection.Execute("PRAGMA secure_delete = OFF");
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>The associated data that binds a step's sealed secure configuration to its row.</summary>
    internal static string StepSecretRow(string stepId) => $"step_secure_configs/{stepId}";

    /// <summary>The associated data that binds an endpoint's sealed auth header to its row.</summary>
    internal static string EndpointSecretRow(string endpointId) => $"service_endpoint_secrets/{endpointId}";

    /// <summary>
    /// Seals a secret for a row. A new key is made only for a database that holds no sealed secret yet: one made
    /// beside a database whose secrets were sealed with another key would make them unreadable for good.
    /// </summary>
    internal byte[] SealSecret(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string secret, string row)
    {
        if (!Secrets.KeyFile.Exists && connection.ExecuteScalar<bool>(
                $"""
                SELECT EXISTS (SELECT 1 FROM step_secure_configs WHERE {Dialect.IsSealed("config")})
                    OR EXISTS (SELECT 1 FROM service_endpoint_secrets WHERE {Dialect.IsSealed("auth_header")})
                """,
                transaction: transaction))
        {
            throw new RegistrationException(
                $"the database holds secrets encrypted with a key that is not at '{Secrets.KeyFile.FilePath}': restore that key file, or point " +
                $"{SecretKeyFile.PathVariable} (the host: PluginHost__KeyFile) at it, before storing another secret");
        }

        return Secrets.Seal(secret, row);
    }
}
