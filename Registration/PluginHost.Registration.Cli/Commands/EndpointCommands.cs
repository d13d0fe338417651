using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg endpoint ...</c>: service endpoints (webhooks) that plug-ins post execution contexts to.</summary>
internal static class EndpointCommands
{
    public static Command Create()
    {
        var command = new Command("endpoint", "Register, list and unregister service endpoints (webhooks) for IServiceEndpointNotificationService");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Unregister());
        return command;
    }

    /// <summary>The JSON shape of an endpoint: never its auth header, only whether it has one.</summary>
    private static object ToJson(ServiceEndpointRecord endpoint) => new
    {
        id = endpoint.Id,
        name = endpoint.Name,
        url = endpoint.Url,
        description = endpoint.Description,
        hasAuthHeader = endpoint.HasAuthHeader,
        registeredOn = endpoint.RegisteredOn,
    };

    private static Command Register()
    {
        var name = new Option<string>("--name") { Description = "Endpoint name, unique: letters, digits and underscores", Required = true };
        var url = new Option<string>("--url") { Description = "Absolute http or https URL the execution context is POSTed to", Required = true };
        var description = new Option<string?>("--description") { Description = "Free text" };
        var authHeader = new Option<string?>("--auth-header")
        {
            Description = "A header sent with every post, as \"Name: value\" (e.g. \"Authorization: Bearer ...\"); stored like secure configuration, never listed",
        };
        var command = new Command("register", "Register a service endpoint (webhook)") { name, url, description, authHeader };
        CliAction.Bind(command, action =>
        {
            var endpoint = action.OpenStore().RegisterServiceEndpoint(
                action.ParseResult.GetValue(name)!, action.ParseResult.GetValue(url)!, action.ParseResult.GetValue(description), action.ParseResult.GetValue(authHeader));
            return action.Write(
                new { id = endpoint.Id, name = endpoint.Name, url = endpoint.Url },
                () => action.Out.WriteLine($"Registered service endpoint {endpoint.Name} ({endpoint.Url}), id {endpoint.Id}."));
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List service endpoints (auth headers are never shown)");
        CliAction.Bind(command, action =>
        {
            var endpoints = action.OpenStore().ListServiceEndpoints();
            return action.Write(
                endpoints.Select(ToJson).ToList(),
                () => Table.Write(
                    ["ID", "NAME", "URL", "AUTH", "DESCRIPTION"],
                    endpoints.Select(endpoint => (IReadOnlyList<string?>)[endpoint.Id.ToString(), endpoint.Name, endpoint.Url, endpoint.HasAuthHeader ? "set" : "", endpoint.Description]),
                    "No service endpoints.",
                    action.Out));
        });
        return command;
    }

    private static Command Unregister()
    {
        var key = new Argument<string>("id-or-name") { Description = "The endpoint's id or name" };
        var command = new Command("unregister", "Remove a service endpoint") { key };
        CliAction.Bind(command, action =>
        {
            var endpoint = action.OpenStore().RemoveServiceEndpoint(action.ParseResult.GetValue(key)!);
            return action.Write(ToJson(endpoint), () => action.Out.WriteLine($"Unregistered service endpoint {endpoint.Name} ({endpoint.Id})."));
        });
        return command;
    }
}
