using System.CommandLine;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Cli.Parsing;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg step ...</c>: steps wire a plug-in type to a message, entity and stage.</summary>
internal static class StepCommands
{
    public static Command Create()
    {
        var command = new Command("step", "Register, list, enable, disable and unregister steps");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetEnabled("enable", enabled: true));
        command.Subcommands.Add(SetEnabled("disable", enabled: false));
        command.Subcommands.Add(Unregister());
        return command;
    }

    /// <summary>The JSON shape of a step (SPEC §4).</summary>
    public static object ToJson(StepRecord step) => new
    {
        id = step.Id,
        name = step.Name,
        type = step.TypeName,
        assembly = step.AssemblyName,
        message = step.Message,
        entity = step.Entity,
        stage = step.Stage,
        mode = step.Mode == ExecutionMode.Asynchronous ? "async" : "sync",
        rank = step.Rank,
        enabled = step.Enabled,
        filteringAttributes = step.FilteringAttributes,
        unsecureConfig = step.UnsecureConfig,
        hasSecureConfig = step.HasSecureConfig,
        asyncAutoDelete = step.AsyncAutoDelete,
        description = step.Description,
    };

    private static Command Register()
    {
        var type = new Option<string>("--type") { Description = "Full name of the plug-in type (or its id)", Required = true };
        var message = new Option<string>("--message") { Description = "Message name: Create, Retrieve, RetrieveMultiple, Update, Delete or a custom one", Required = true };
        var entity = new Option<string?>("--entity") { Description = "Primary entity logical name (omit for all entities)" };
        var stage = ValueOptions.Stage();
        var mode = ValueOptions.Mode();
        var rank = ValueOptions.Rank();
        var filtering = new Option<string?>("--filtering-attributes") { Description = "Update only: comma-separated attributes, at least one must change" };
        var config = new Option<string?>("--config") { Description = "Unsecure configuration passed to the plug-in's constructor" };
        var secureConfig = new Option<string?>("--secure-config") { Description = "Secure configuration passed to the plug-in's constructor; never listed" };
        var name = new Option<string?>("--name") { Description = "Step name (default: '<type>: <message> of <entity>')" };
        var autoDelete = new Option<bool>("--async-auto-delete") { Description = "Async only: delete the job once it succeeded" };
        var description = new Option<string?>("--description") { Description = "Free text" };
        var command = new Command("register", "Register a step")
        {
            type, message, entity, stage, mode, rank, filtering, config, secureConfig, name, autoDelete, description,
        };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var step = action.OpenStore().RegisterStep(new StepDefinition
            {
                PluginType = result.GetValue(type)!,
                Message = result.GetValue(message)!,
                Entity = result.GetValue(entity),
                Stage = result.GetValue(stage),
                Mode = result.GetValue(mode),
                Rank = result.GetValue(rank),
                FilteringAttributes = Names.SplitList(result.GetValue(filtering)),
                UnsecureConfig = result.GetValue(config),
                SecureConfig = result.GetValue(secureConfig),
                Name = result.GetValue(name),
                AsyncAutoDelete = result.GetValue(autoDelete),
                Description = result.GetValue(description),
            });
            return action.Write(ToJson(step), () => Console.Out.WriteLine($"Registered step {step.Id} '{step.Name}' (stage {step.Stage}, {(step.Mode == ExecutionMode.Asynchronous ? "async" : "sync")}, rank {step.Rank})."));
        });
        return command;
    }

    private static Command List()
    {
        var message = new Option<string?>("--message") { Description = "Only steps on this message" };
        var entity = new Option<string?>("--entity") { Description = "Only steps on this entity" };
        var type = new Option<string?>("--type") { Description = "Only steps of this plug-in type" };
        var command = new Command("list", "List steps with their state") { message, entity, type };
        CliAction.Bind(command, action =>
        {
            var steps = action.OpenStore().ListSteps(new StepFilter(
                action.ParseResult.GetValue(message), action.ParseResult.GetValue(entity), action.ParseResult.GetValue(type)));
            return action.Write(steps.Select(ToJson).ToList(), () => Table.Write(
                ["ID", "STATE", "MESSAGE", "ENTITY", "STAGE", "MODE", "RANK", "TYPE", "FILTERING", "SECURE CONFIG", "NAME"],
                steps.Select(step => (IReadOnlyList<string?>)
                [
                    step.Id.ToString(), step.Enabled ? "enabled" : "disabled", step.Message, step.Entity ?? "(any)", step.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    step.Mode == ExecutionMode.Asynchronous ? "async" : "sync", step.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), step.TypeName,
                    string.Join(',', step.FilteringAttributes), step.HasSecureConfig ? "set" : "-", step.Name,
                ]),
                "No steps are registered."));
        });
        return command;
    }

    private static Command SetEnabled(string verb, bool enabled)
    {
        var id = new Argument<string>("id") { Description = "Step id or unique name" };
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} a step") { id };
        CliAction.Bind(command, action =>
        {
            var step = action.OpenStore().SetStepEnabled(action.ParseResult.GetValue(id)!, enabled);
            return action.Write(ToJson(step), () => Console.Out.WriteLine($"Step {step.Id} '{step.Name}' is {(enabled ? "enabled" : "disabled")}."));
        });
        return command;
    }

    private static Command Unregister()
    {
        var id = new Argument<string>("id") { Description = "Step id or unique name" };
        var command = new Command("unregister", "Remove a step with its images") { id };
        CliAction.Bind(command, action =>
        {
            var step = action.OpenStore().RemoveStep(action.ParseResult.GetValue(id)!);
            return action.Write(ToJson(step), () => Console.Out.WriteLine($"Unregistered step {step.Id} '{step.Name}'."));
        });
        return command;
    }
}
