using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg message ...</c>: the built-in messages and custom ones.</summary>
internal static class MessageCommands
{
    public static Command Create()
    {
        var command = new Command("message", "List messages and register custom ones");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Unregister());
        return command;
    }

    private static object ToJson(MessageRecord message) => new { name = message.Name, custom = message.IsCustom, description = message.Description };

    private static Command List()
    {
        var command = new Command("list", "List built-in and custom messages");
        CliAction.Bind(command, action =>
        {
            var messages = action.OpenStore().ListMessages();
            return action.Write(messages.Select(ToJson).ToList(), () => Table.Write(
                ["NAME", "KIND", "DESCRIPTION"],
                messages.Select(message => (IReadOnlyList<string?>)[message.Name, message.IsCustom ? "custom" : "built-in", message.Description]),
                "No messages."));
        });
        return command;
    }

    private static Command Register()
    {
        var name = new Argument<string>("name") { Description = "Custom message name, e.g. acme_Approve" };
        var description = new Option<string?>("--description") { Description = "Free text" };
        var command = new Command("register", "Add a custom message (then register its mainoperation plug-in step)") { name, description };
        CliAction.Bind(command, action =>
        {
            var message = action.OpenStore().AddMessage(action.ParseResult.GetValue(name)!.Trim(), action.ParseResult.GetValue(description));
            return action.Write(ToJson(message), () => Console.Out.WriteLine($"Registered custom message {message.Name}."));
        });
        return command;
    }

    private static Command Unregister()
    {
        var name = new Argument<string>("name") { Description = "Custom message name" };
        var command = new Command("unregister", "Remove a custom message that has no steps") { name };
        CliAction.Bind(command, action =>
        {
            var message = action.OpenStore().RemoveMessage(action.ParseResult.GetValue(name)!.Trim());
            return action.Write(ToJson(message), () => Console.Out.WriteLine($"Unregistered custom message {message.Name}."));
        });
        return command;
    }
}
