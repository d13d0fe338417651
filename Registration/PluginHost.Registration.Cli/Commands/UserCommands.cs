using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg user ...</c>: callers of the HTTP API and their API keys.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var command = new Command("user", "Add, list and remove users of the HTTP API and reset their API keys");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(ResetKey());
        return command;
    }

    /// <summary>The JSON shape of a user: never its key or the key's hash.</summary>
    private static object ToJson(UserRecord user) => new
    {
        id = user.Id,
        name = user.Name,
        canImpersonate = user.CanImpersonate,
        createdOn = user.CreatedOn,
        modifiedOn = user.ModifiedOn,
    };

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "User name, unique: letters, digits and underscores" };
        var id = new Option<Guid?>("--id")
        {
            Description = "The user's id, as plug-ins see it in UserId (default: a new one)",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Guid.TryParse(text, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"--id must be a GUID such as 7d9a3c1e-5b2f-4a61-9e8d-0c4b2a1f3e5d, not '{text}'");
                return null;
            },
        };
        var impersonate = new Option<bool>("--impersonate") { Description = "Allow the user to act as another user with the X-PluginHost-UserId header" };
        var command = new Command("add", "Add a user and print its API key, the only time it is shown") { name, id, impersonate };
        CliAction.Bind(command, action =>
        {
            var (user, key) = action.OpenStore().AddUser(action.ParseResult.GetValue(name)!, action.ParseResult.GetValue(id), action.ParseResult.GetValue(impersonate));
            return action.Write(
                new { id = user.Id, name = user.Name, canImpersonate = user.CanImpersonate, key },
                () =>
                {
                    action.Out.WriteLine($"Added user {user.Name}, id {user.Id}{(user.CanImpersonate ? ", who may impersonate other users" : "")}.");
                    WriteKey(action, key);
                });
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List users (keys are never shown)");
        CliAction.Bind(command, action =>
        {
            var users = action.OpenStore().ListUsers();
            return action.Write(
                users.Select(ToJson).ToList(),
                () => Table.Write(
                    ["ID", "NAME", "IMPERSONATE", "CREATED", "MODIFIED"],
                    users.Select(user => (IReadOnlyList<string?>)[user.Id.ToString(), user.Name, user.CanImpersonate ? "yes" : "no", Time(user.CreatedOn), Time(user.ModifiedOn)]),
                    "No users.",
                    action.Out));
        });
        return command;
    }

    private static Command Remove()
    {
        var key = new Argument<string>("id-or-name") { Description = "The user's id or name" };
        var command = new Command("remove", "Remove a user; its key stops working in running hosts within a second") { key };
        CliAction.Bind(command, action =>
        {
            var user = action.OpenStore().RemoveUser(action.ParseResult.GetValue(key)!);
            return action.Write(ToJson(user), () => action.Out.WriteLine($"Removed user {user.Name} ({user.Id})."));
        });
        return command;
    }

    private static Command ResetKey()
    {
        var key = new Argument<string>("id-or-name") { Description = "The user's id or name" };
        var command = new Command("reset-key", "Give a user a new API key, printed once; the old key stops working") { key };
        CliAction.Bind(command, action =>
        {
            var (user, newKey) = action.OpenStore().ResetUserKey(action.ParseResult.GetValue(key)!);
            return action.Write(
                new { id = user.Id, name = user.Name, key = newKey },
                () =>
                {
                    action.Out.WriteLine($"User {user.Name} ({user.Id}) has a new key; the old one no longer works.");
                    WriteKey(action, newKey);
                });
        });
        return command;
    }

    private static void WriteKey(CliAction action, string key)
    {
        action.Out.WriteLine("API key (shown only now; the database keeps just its hash):");
        action.Out.WriteLine(key);
    }

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
