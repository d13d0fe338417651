using System.Data;
using Dapper;

namespace PluginHost.Registration.Store;

/// <summary>
/// A caller of the HTTP API [SystemUser, reduced to what PluginHost needs]; its key is never part of it.
/// <c>CanImpersonate</c>: whether the user may act as another user through <c>X-PluginHost-UserId</c>.
/// </summary>
public sealed record UserRecord(Guid Id, string Name, bool CanImpersonate, DateTime CreatedOn, DateTime ModifiedOn);

/// <summary>A user with the SHA-256 of its key: what the host compares presented keys with.</summary>
public sealed record UserCredential(UserRecord User, byte[] KeySha256);

public sealed partial class RegistrationStore
{
    private const string UserSelect =
        "SELECT id AS Id, name AS Name, can_impersonate AS CanImpersonate, created_on AS CreatedOn, modified_on AS ModifiedOn, key_sha256 AS KeySha256 FROM users";

    /// <summary>All users, by name.</summary>
    public IReadOnlyList<UserRecord> ListUsers() => Read(connection => ReadUsers(connection, null, "ORDER BY lower(name)", null).Select(row => row.User).ToList());

    /// <summary>Every user with its key hash; only the host reads these, to recognise keys.</summary>
    public IReadOnlyList<UserCredential> ListUserCredentials() => Read(connection => ReadUsers(connection, null, "", null));

    /// <summary>
    /// Adds a user with a new key and returns the key, the only time it exists outside the caller's hands: the store
    /// keeps its hash. Every rule that fails is reported together.
    /// </summary>
    public (UserRecord User, string Key) AddUser(string name, Guid? id = null, bool canImpersonate = false) => Write((connection, transaction) =>
    {
        name = name.Trim();
        var problems = new List<string>();
        if (!Names.IsValidLogicalName(name))
        {
            problems.Add($"'{name}' is not a valid user name: use letters, digits and underscores, starting with a letter or underscore (at most {Names.MaxLength})");
        }
        else if (connection.ExecuteScalar<string?>("SELECT id FROM users WHERE lower(name) = lower(@name)", new { name }, transaction) is { } existing)
        {
            problems.Add($"a user named '{name}' already exists (id {existing}): choose another name, or 'pluginreg user reset-key {name}' for a new key");
        }

        if (id == Guid.Empty)
        {
            problems.Add($"the id {Guid.Empty} is the system user's: give another id, or none for a new one");
        }
        else if (id is { } given && connection.ExecuteScalar<string?>("SELECT name FROM users WHERE id = @id", new { id = given.ToString() }, transaction) is { } holder)
        {
            problems.Add($"user '{holder}' already has the id {given}: give another id, or none for a new one");
        }

        if (problems.Count > 0)
        {
            throw new RegistrationException(problems);
        }

        var userId = id ?? Guid.NewGuid();
        var key = ApiKeys.Generate();
        var now = Now();
        connection.Execute(
            """
            INSERT INTO users (id, name, key_sha256, can_impersonate, created_on, modified_on)
            VALUES (@id, @name, @hash, @canImpersonate, @now, @now)
            """,
            new { id = userId.ToString(), name, hash = ApiKeys.Hash(key), canImpersonate = canImpersonate ? 1 : 0, now },
            transaction);
        return (FindUser(connection, transaction, userId.ToString()), key);
    });

    /// <summary>Removes a user: its key stops working in running hosts at their next registration poll.</summary>
    public UserRecord RemoveUser(string idOrName) => Write((connection, transaction) =>
    {
        var user = FindUser(connection, transaction, idOrName);
        connection.Execute("DELETE FROM users WHERE id = @id", new { id = user.Id.ToString() }, transaction);
        return user;
    });

    /// <summary>Gives a user a new key, which replaces the old one at once; returns the new key, shown this once.</summary>
    public (UserRecord User, string Key) ResetUserKey(string idOrName) => Write((connection, transaction) =>
    {
        var user = FindUser(connection, transaction, idOrName);
        var key = ApiKeys.Generate();
        connection.Execute(
            "UPDATE users SET key_sha256 = @hash, modified_on = @now WHERE id = @id",
            new { id = user.Id.ToString(), hash = ApiKeys.Hash(key), now = Now() },
            transaction);
        return (FindUser(connection, transaction, user.Id.ToString()), key);
    });

    private static UserRecord FindUser(IDbConnection connection, IDbTransaction? transaction, string idOrName)
    {
        var key = idOrName.Trim();
        var byId = Guid.TryParse(key, out var id) ? ReadUsers(connection, transaction, "WHERE id = @id", new { id = id.ToString() }) : [];
        var byName = byId.Count == 1 ? [] : ReadUsers(connection, transaction, "WHERE lower(name) = lower(@key)", new { key });
        return FindOne(byId, byName, "user", key, credential => credential.User.Id.ToString()).User;
    }

    private static List<UserCredential> ReadUsers(IDbConnection connection, IDbTransaction? transaction, string where, object? parameters) =>
        connection.Query<UserRow>($"{UserSelect} {where}", parameters, transaction)
            .Select(row => new UserCredential(
                new UserRecord(Guid.Parse(row.Id), row.Name, row.CanImpersonate, ParseTime(row.CreatedOn), ParseTime(row.ModifiedOn)),
                row.KeySha256))
            .ToList();

    private sealed class UserRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public bool CanImpersonate { get; set; }
        public string CreatedOn { get; set; } = "";
        public string ModifiedOn { get; set; } = "";
        public byte[] KeySha256 { get; set; } = [];
    }
}
