using Dapper;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationStore
{
    /// <summary>Built-in messages first, then custom ones, by name.</summary>
    public IReadOnlyList<MessageRecord> ListMessages() => Read(connection =>
        connection.Query<(string Name, long IsCustom, string? Description)>("SELECT name, is_custom, description FROM messages ORDER BY is_custom, lower(name)")
            .Select(row => new MessageRecord(row.Name, row.IsCustom == 1, row.Description))
            .ToList());

    /// <summary>Adds a custom message that steps (and one main-operation plug-in) can be registered on.</summary>
    public MessageRecord AddMessage(string name, string? description) => Write((connection, transaction) =>
    {
        if (!Names.IsValidLogicalName(name))
        {
            throw new RegistrationException($"'{name}' is not a valid message name: use letters, digits and underscores, starting with a letter or underscore");
        }

        var existing = connection.ExecuteScalar<string?>("SELECT name FROM messages WHERE lower(name) = lower(@name)", new { name }, transaction);
        if (existing is not null)
        {
            throw new RegistrationException($"message '{existing}' already exists");
        }

        connection.Execute(
            "INSERT INTO messages (name, is_custom, description) VALUES (@name, 1, @description)", new { name, description }, transaction);
        return new MessageRecord(name, true, description);
    });

    /// <summary>Removes a custom message that has no steps.</summary>
    public MessageRecord RemoveMessage(string name) => Write((connection, transaction) =>
    {
        var message = connection.QuerySingleOrDefault<(string Name, long IsCustom, string? Description)?>(
            "SELECT name, is_custom, description FROM messages WHERE lower(name) = lower(@name)", new { name }, transaction)
            ?? throw new RegistrationException($"no message is named '{name}'");
        if (message.IsCustom == 0)
        {
            throw new RegistrationException($"{message.Name} is a built-in message and cannot be removed");
        }

        var steps = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM steps WHERE message = @Name", new { message.Name }, transaction);
        if (steps > 0)
        {
            throw new RegistrationException($"message {message.Name} has {steps} step(s): unregister them first");
        }

        connection.Execute("DELETE FROM messages WHERE name = @Name", new { message.Name }, transaction);
        return new MessageRecord(message.Name, true, message.Description);
    });
}
