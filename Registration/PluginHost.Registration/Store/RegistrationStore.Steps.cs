using System.Data;
using Dapper;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Registration.Store;

/// <summary>Narrows a step listing; null members match everything.</summary>
public sealed record StepFilter(string? Message = null, string? Entity = null, string? PluginType = null);

public sealed partial class RegistrationStore
{
    private const string StepSelect =
        """
        SELECT s.id AS Id, s.name AS Name, s.plugin_type_id AS PluginTypeId, t.type_name AS TypeName, a.id AS AssemblyId,
               a.name AS AssemblyName, s.message AS Message, s.entity AS Entity, s.stage AS Stage, s.mode AS Mode, s.rank AS Rank,
               s.filtering_attributes AS FilteringAttributes, s.unsecure_config AS UnsecureConfig,
               EXISTS (SELECT 1 FROM step_secure_configs c WHERE c.step_id = s.id) AS HasSecureConfig,
               s.enabled AS Enabled, s.async_auto_delete AS AsyncAutoDelete, s.description AS Description, s.registered_on AS RegisteredOn
        FROM steps s
        JOIN plugin_types t ON t.id = s.plugin_type_id
        JOIN assemblies a ON a.id = t.assembly_id
        """;

    /// <summary>Steps matching the filter, in pipeline order: message, stage, rank, registration time.</summary>
    public IReadOnlyList<StepRecord> ListSteps(StepFilter? filter = null) => Read(connection =>
        ReadSteps(
            connection,
            null,
            """
            WHERE (@Message IS NULL OR lower(s.message) = lower(@Message))
              AND (@Entity IS NULL OR s.entity = @Entity)
              AND (@PluginType IS NULL OR t.type_name = @PluginType OR t.id = @PluginType)
            """,
            filter ?? new StepFilter()));

    /// <summary>The step with this id, or the one step with this name.</summary>
    public StepRecord FindStep(string idOrName) => Read(connection => FindStep(connection, null, idOrName));

    /// <summary>The secure configuration of a step, decrypted, or null; only the pipeline reads it.</summary>
    /// <exception cref="RegistrationException">The key file is missing or is not the key it was encrypted with.</exception>
    public string? ReadSecureConfig(Guid stepId) => Read(connection =>
        connection.ExecuteScalar<object?>("SELECT config FROM step_secure_configs WHERE step_id = @id", new { id = stepId.ToString() }) switch
        {
            byte[] sealedValue => Database.Secrets.Open(sealedValue, RegistrationDatabase.StepSecretRow(stepId.ToString()), $"the secure configuration of step {stepId}"),
            var plain => plain as string,
        });

    /// <summary>Validates and stores a step; every rule that fails is reported together.</summary>
    public StepRecord RegisterStep(StepDefinition definition) => Write((connection, transaction) =>
    {
        var problems = new List<string>();
        var type = FindPluginType(connection, transaction, definition.PluginType, problems);
        var message = connection.QuerySingleOrDefault<(string Name, long IsCustom)?>(
            "SELECT name, is_custom FROM messages WHERE lower(name) = lower(@name)", new { name = definition.Message }, transaction);
        if (message is null)
        {
            var known = connection.Query<string>("SELECT name FROM messages ORDER BY is_custom, lower(name)", transaction: transaction);
            problems.Add($"unknown message '{definition.Message}': known messages are {string.Join(", ", known)} (add a custom one with 'pluginreg message register')");
        }

        if (definition.Entity is not null && !Names.IsValidLogicalName(definition.Entity))
        {
            problems.Add($"'{definition.Entity}' is not a valid entity logical name: use letters, digits and underscores, starting with a letter or underscore");
        }

        problems.AddRange(definition.FilteringAttributes
            .Where(attribute => !Names.IsValidLogicalName(attribute))
            .Select(attribute => $"'{attribute}' is not a valid filtering attribute name: use letters, digits and underscores"));

        if (definition.Stage is not (10 or 20 or 30 or 40))
        {
            problems.Add($"stage {definition.Stage} is not a pipeline stage: use 10 (prevalidation), 20 (preoperation), 30 (mainoperation) or 40 (postoperation)");
        }

        if (definition.Rank < 0)
        {
            problems.Add($"rank {definition.Rank} is negative: ranks are 0 or more, lower runs first");
        }

        var messageName = message?.Name ?? definition.Message;
        var isCustom = message?.IsCustom == 1;
        if (definition.Stage == 30 && message is not null)
        {
            if (!isCustom)
            {
                problems.Add($"stage 30 (mainoperation) is the core operation of {messageName}: only a custom message's main operation can be a plug-in");
            }
            else
            {
                var existing = connection.ExecuteScalar<string?>(
                    "SELECT name FROM steps WHERE message = @messageName AND stage = 30", new { messageName }, transaction);
                if (existing is not null)
                {
                    problems.Add($"custom message {messageName} already has its main operation (step '{existing}'): one per message");
                }

                if (definition.Entity is not null)
                {
                    problems.Add($"the main operation of custom message {messageName} cannot be limited to entity '{definition.Entity}': omit --entity");
                }
            }
        }

        if (definition.Mode == ExecutionMode.Asynchronous && definition.Stage != 40)
        {
            problems.Add($"async mode is only allowed at stage 40 (postoperation), not at stage {definition.Stage}");
        }

        if (definition.FilteringAttributes.Count > 0 && message is not null && !string.Equals(messageName, "Update", StringComparison.Ordinal))
        {
            problems.Add($"filtering attributes apply only to the Update message, not to {messageName}");
        }

        if (definition.AsyncAutoDelete && definition.Mode != ExecutionMode.Asynchronous)
        {
            problems.Add("async auto-delete applies only to async steps: add --mode async or drop --async-auto-delete");
        }

        if (problems.Count > 0)
        {
            throw new RegistrationException(problems);
        }

        var id = Guid.NewGuid();
        var name = string.IsNullOrWhiteSpace(definition.Name)
            ? $"{type!.TypeName}: {messageName} of {definition.Entity ?? "any entity"}"
            : definition.Name.Trim();
        var now = Now();
        connection.Execute(
            """
            INSERT INTO steps (id, name, plugin_type_id, message, entity, stage, mode, rank, filtering_attributes, unsecure_config,
                               enabled, async_auto_delete, description, registered_on, modified_on)
            VALUES (@id, @name, @typeId, @messageName, @Entity, @Stage, @mode, @Rank, @filtering, @UnsecureConfig,
                    1, @AsyncAutoDelete, @Description, @now, @now)
            """,
            new
            {
                id = id.ToString(), name, typeId = type!.Id.ToString(), messageName, definition.Entity, definition.Stage, mode = (int)definition.Mode,
                definition.Rank, filtering = JoinList(definition.FilteringAttributes), definition.UnsecureConfig, AsyncAutoDelete = Flag(definition.AsyncAutoDelete),
                definition.Description, now,
            },
            transaction);
        if (definition.SecureConfig is not null)
        {
            connection.Execute(
                "INSERT INTO step_secure_configs (step_id, config) VALUES (@id, @config)",
                new { id = id.ToString(), config = Database.SealSecret(connection, transaction, definition.SecureConfig, RegistrationDatabase.StepSecretRow(id.ToString())) },
                transaction);
        }

        return FindStep(connection, transaction, id.ToString());
    });

    /// <summary>Enables or disables a step; returns it as it now is.</summary>
    public StepRecord SetStepEnabled(string idOrName, bool enabled) => Write((connection, transaction) =>
    {
        var step = FindStep(connection, transaction, idOrName);
        connection.Execute(
            "UPDATE steps SET enabled = @enabled, modified_on = @now WHERE id = @id",
            new { enabled = Flag(enabled), now = Now(), id = step.Id.ToString() },
            transaction);
        return step with { Enabled = enabled };
    });

    /// <summary>Removes a step with its images and secure configuration.</summary>
    public StepRecord RemoveStep(string idOrName) => Write((connection, transaction) =>
    {
        var step = FindStep(connection, transaction, idOrName);
        connection.Execute("DELETE FROM steps WHERE id = @id", new { id = step.Id.ToString() }, transaction);
        return step;
    });

    private static PluginTypeRecord? FindPluginType(IDbConnection connection, IDbTransaction transaction, string key, List<string> problems)
    {
        var matches = connection.Query<(string Id, string AssemblyId, string TypeName, string AssemblyName)>(
                """
                SELECT t.id, t.assembly_id, t.type_name, a.name || ' ' || a.version FROM plugin_types t JOIN assemblies a ON a.id = t.assembly_id
                WHERE t.type_name = @key OR t.id = @key
                """,
                new { key },
                transaction)
            .ToList();
        switch (matches.Count)
        {
            case 1:
                return new PluginTypeRecord(Guid.Parse(matches[0].Id), Guid.Parse(matches[0].AssemblyId), matches[0].TypeName);
            case 0:
                problems.Add($"unknown plug-in type '{key}': give the full type name as 'pluginreg assembly list' shows it");
                return null;
            default:
                problems.Add($"plug-in type '{key}' is in {matches.Count} assemblies ({string.Join(", ", matches.Select(match => $"{match.AssemblyName}: id {match.Id}"))}): give the type id");
                return null;
        }
    }

    private static StepRecord FindStep(IDbConnection connection, IDbTransaction? transaction, string idOrName)
    {
        var byId = Guid.TryParse(idOrName, out var id)
            ? ReadSteps(connection, transaction, "WHERE s.id = @id", new { id = id.ToString() })
            : [];
        var byName = byId.Count == 1 ? [] : ReadSteps(connection, transaction, "WHERE s.name = @idOrName", new { idOrName });
        return FindOne(byId, byName, "step", idOrName, step => step.Id.ToString());
    }

    private static List<StepRecord> ReadSteps(IDbConnection connection, IDbTransaction? transaction, string where, object parameters) =>
        connection.Query<StepRow>($"{StepSelect} {where} ORDER BY s.message, s.stage, s.rank, s.registered_on", parameters, transaction)
            .Select(row => new StepRecord(
                Guid.Parse(row.Id), row.Name, Guid.Parse(row.PluginTypeId), row.TypeName, Guid.Parse(row.AssemblyId), row.AssemblyName, row.Message,
                row.Entity, (int)row.Stage, (ExecutionMode)row.Mode, (int)row.Rank, Names.SplitList(row.FilteringAttributes), row.UnsecureConfig,
                row.HasSecureConfig, row.Enabled, row.AsyncAutoDelete, row.Description, ParseTime(row.RegisteredOn)))
            .ToList();

    private sealed class StepRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string PluginTypeId { get; set; } = "";
        public string TypeName { get; set; } = "";
        public string AssemblyId { get; set; } = "";
        public string AssemblyName { get; set; } = "";
        public string Message { get; set; } = "";
        public string? Entity { get; set; }
        public long Stage { get; set; }
        public long Mode { get; set; }
        public long Rank { get; set; }
        public string? FilteringAttributes { get; set; }
        public string? UnsecureConfig { get; set; }
        public bool HasSecureConfig { get; set; }
        public bool Enabled { get; set; }
        public bool AsyncAutoDelete { get; set; }
        public string? Description { get; set; }
        public string RegisteredOn { get; set; } = "";
    }
}
