using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg disallowed ...</c>: the admin-editable list of APIs sandboxed plug-ins may not use.</summary>
internal static class DisallowedCommands
{
    public static Command Create()
    {
        var command = new Command("disallowed", "List and edit the disallowed-API list");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static object ToJson(DisallowedApi api) => new { pattern = api.Pattern, reason = api.Reason };

    private static Command List()
    {
        var command = new Command("list", "List the disallowed APIs");
        CliAction.Bind(command, action =>
        {
            var apis = action.OpenStore().ListDisallowed();
            return action.Write(apis.Select(ToJson).ToList(), () => Table.Write(
                ["PATTERN", "REASON"], apis.Select(api => (IReadOnlyList<string?>)[api.Pattern, api.Reason]), "The disallowed list is empty."));
        });
        return command;
    }

    private static Command Add()
    {
        var pattern = new Argument<string>("pattern") { Description = "Namespace, type or member: 'System.Net.Sockets.*', 'System.IO.File', 'System.Environment::Exit'" };
        var reason = new Option<string?>("--reason") { Description = "Why it is disallowed (shown in refusals)" };
        var command = new Command("add", "Add a pattern to the disallowed list") { pattern, reason };
        CliAction.Bind(command, action =>
        {
            var api = action.OpenStore().AddDisallowed(action.ParseResult.GetValue(pattern)!.Trim(), action.ParseResult.GetValue(reason));
            return action.Write(ToJson(api), () => Console.Out.WriteLine($"Disallowed {api.Pattern} ({api.Reason})."));
        });
        return command;
    }

    private static Command Remove()
    {
        var pattern = new Argument<string>("pattern") { Description = "A pattern exactly as 'disallowed list' shows it" };
        var command = new Command("remove", "Remove a pattern from the disallowed list") { pattern };
        CliAction.Bind(command, action =>
        {
            var api = action.OpenStore().RemoveDisallowed(action.ParseResult.GetValue(pattern)!.Trim());
            return action.Write(ToJson(api), () => Console.Out.WriteLine($"Allowed {api.Pattern} again."));
        });
        return command;
    }
}
