using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using PluginHost.Registration.Cli.Commands;
using PluginHost.Registration.Cli.Output;

namespace PluginHost.Registration.Cli;

/// <summary>pluginreg: registers plug-in assemblies, steps and images in the PluginHost database.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("pluginreg — register PluginHost plug-in assemblies, steps and images")
        {
            CommonOptions.Database,
            CommonOptions.Json,
        };
        root.Subcommands.Add(AssemblyCommands.Create());
        root.Subcommands.Add(StepCommands.Create());
        root.Subcommands.Add(ImageCommands.Create());
        root.Subcommands.Add(MessageCommands.Create());
        root.Subcommands.Add(DisallowedCommands.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine($"error: run '{CommandPath(parsed.CommandResult)} --help' for usage");
            return ExitCodes.Usage;
        }

        return parsed.Invoke();
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
