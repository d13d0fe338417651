using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using PluginHost.Registration.Cli.Commands;
using PluginHost.Registration.Cli.Output;

namespace PluginHost.Registration.Cli;

/// <summary>pluginreg: registers plug-in assemblies, steps and images in the PluginHost database.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, new InvocationConfiguration());

    /// <summary>Parses and runs one command line, writing to <paramref name="configuration"/>'s output and error; tests call it in-process.</summary>
    internal static int Run(string[] args, InvocationConfiguration configuration)
    {
        var parsed = CreateRoot().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                configuration.Error.WriteLine($"error: {error.Message}");
            }

            configuration.Error.WriteLine($"error: run '{CommandPath(parsed.CommandResult)} --help' for usage");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(configuration);
    }

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand("pluginreg — register PluginHost plug-in assemblies, steps and images")
        {
            CommonOptions.Database,
            CommonOptions.KeyFile,
            CommonOptions.Json,
        };
        root.Subcommands.Add(AssemblyCommands.Create());
        root.Subcommands.Add(PackageCommands.Create());
        root.Subcommands.Add(TrustCommands.Create());
        root.Subcommands.Add(StepCommands.Create());
        root.Subcommands.Add(ImageCommands.Create());
        root.Subcommands.Add(MessageCommands.Create());
        root.Subcommands.Add(DisallowedCommands.Create());
        root.Subcommands.Add(EndpointCommands.Create());
        root.Subcommands.Add(UserCommands.Create());
        return root;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var symbol })
            {
                names.Add(symbol is RootCommand ? "pluginreg" : symbol.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
