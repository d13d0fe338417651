using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Cli.Parsing;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg image ...</c>: pre and post entity images on steps.</summary>
internal static class ImageCommands
{
    public static Command Create()
    {
        var command = new Command("image", "Register, list and unregister step images");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Unregister());
        return command;
    }

    private static object ToJson(ImageRecord image) => new
    {
        id = image.Id,
        stepId = image.StepId,
        kind = image.Kind.ToString().ToLowerInvariant(),
        alias = image.Alias,
        attributes = image.Attributes,
    };

    private static Command Register()
    {
        var step = new Option<string>("--step") { Description = "Step id or unique name", Required = true };
        var kind = ValueOptions.ImageKind();
        var alias = new Option<string>("--alias") { Description = "Key of the image in PreEntityImages/PostEntityImages", Required = true };
        var attributes = new Option<string?>("--attributes") { Description = "Comma-separated attributes (default: all)" };
        var command = new Command("register", "Register an entity image on a step") { step, kind, alias, attributes };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var image = action.OpenStore().RegisterImage(
                result.GetValue(step)!, result.GetValue(kind), result.GetValue(alias)!.Trim(), Names.SplitList(result.GetValue(attributes)));
            return action.Write(ToJson(image), () => Console.Out.WriteLine($"Registered {image.Kind.ToString().ToLowerInvariant()} image {image.Id} '{image.Alias}' on step {image.StepId}."));
        });
        return command;
    }

    private static Command List()
    {
        var step = new Option<string?>("--step") { Description = "Only images of this step (id or unique name)" };
        var command = new Command("list", "List step images") { step };
        CliAction.Bind(command, action =>
        {
            var images = action.OpenStore().ListImages(action.ParseResult.GetValue(step));
            return action.Write(images.Select(ToJson).ToList(), () => Table.Write(
                ["ID", "STEP", "KIND", "ALIAS", "ATTRIBUTES"],
                images.Select(image => (IReadOnlyList<string?>)
                [
                    image.Id.ToString(), image.StepId.ToString(), image.Kind.ToString().ToLowerInvariant(), image.Alias,
                    image.Attributes.Count == 0 ? "(all)" : string.Join(',', image.Attributes),
                ]),
                "No images are registered."));
        });
        return command;
    }

    private static Command Unregister()
    {
        var id = ValueOptions.Id("id", "Image id", "an image id: 'pluginreg image list' shows them");
        var command = new Command("unregister", "Remove an image") { id };
        CliAction.Bind(command, action =>
        {
            var image = action.OpenStore().RemoveImage(action.ParseResult.GetValue(id).ToString());
            return action.Write(ToJson(image), () => Console.Out.WriteLine($"Unregistered image {image.Id} '{image.Alias}'."));
        });
        return command;
    }
}
