using System.CommandLine;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Cli.Parsing;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg assembly ...</c>: upload, replace, list, check and remove plug-in assemblies.</summary>
internal static class AssemblyCommands
{
    public static Command Create()
    {
        var command = new Command("assembly", "Register, update, list, check and unregister plug-in assemblies");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Unregister());
        command.Subcommands.Add(Check());
        return command;
    }

    /// <summary>The JSON shape of an assembly (SPEC §4).</summary>
    private static object ToJson(AssemblyRecord assembly, IReadOnlyList<string>? warnings = null) => new
    {
        id = assembly.Id,
        name = assembly.Name,
        version = assembly.Version,
        culture = assembly.Culture,
        publicKeyToken = assembly.PublicKeyToken,
        isolation = IsolationName(assembly.Isolation),
        sha256 = assembly.Sha256,
        description = assembly.Description,
        types = assembly.Types.Select(type => type.TypeName).ToList(),
        registeredOn = assembly.RegisteredOn,
        modifiedOn = assembly.ModifiedOn,
        fileName = assembly.FileName,
        package = assembly.PackageName,
        packageId = assembly.PackageId,
        warnings = warnings ?? [],
    };

    private static string IsolationName(IsolationMode isolation) => isolation == IsolationMode.None ? "none" : "sandbox";

    private static Option<IsolationMode?> IsolationOption(string description) => ValueOptions.Isolation(description);

    /// <summary>Warnings go to stderr with or without --json, so a script reading the JSON still shows them to a person.</summary>
    private static void WriteWarnings(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
    }

    private static void WriteRegistered(string verb, AssemblyRecord assembly)
    {
        Console.Out.WriteLine($"{verb} {assembly.Name} {assembly.Version} as {assembly.Id} (isolation {IsolationName(assembly.Isolation)}) with {assembly.Types.Count} plug-in type(s):");
        foreach (var type in assembly.Types)
        {
            Console.Out.WriteLine($"  {type.TypeName}");
        }
    }

    private static Command Register()
    {
        var file = new Argument<FileInfo>("dll") { Description = "Path of the plug-in assembly" };
        var isolation = IsolationOption("sandbox (default: untrusted, runs in a confined worker) or none (trusted, runs in the host)");
        var description = new Option<string?>("--description") { Description = "Free text" };
        var command = new Command("register", "Inspect, scan and store a plug-in assembly") { file, isolation, description };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var mode = result.GetValue(isolation) ?? IsolationMode.Sandbox;
            var (assembly, warnings) = new AssemblyRegistrar(action.OpenStore()).Register(result.GetValue(file)!.FullName, mode, result.GetValue(description));
            WriteWarnings(warnings);
            return action.Write(ToJson(assembly, warnings), () => WriteRegistered("Registered", assembly));
        });
        return command;
    }

    private static Command Update()
    {
        var name = new Argument<string>("name") { Description = "Assembly name (or id) to replace" };
        var file = new Argument<FileInfo>("dll") { Description = "Path of the new content" };
        var isolation = IsolationOption("Change the isolation mode too (default: keep it)");
        var command = new Command("update", "Replace an assembly's content; its steps stay") { name, file, isolation };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var (assembly, warnings) = new AssemblyRegistrar(action.OpenStore())
                .Update(result.GetValue(name)!, result.GetValue(file)!.FullName, result.GetValue(isolation));
            WriteWarnings(warnings);
            return action.Write(ToJson(assembly, warnings), () => WriteRegistered("Updated", assembly));
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List assemblies, those of packages too, with their plug-in types");
        CliAction.Bind(command, action =>
        {
            var assemblies = action.OpenStore().ListAssemblies();
            return action.Write(assemblies.Select(assembly => ToJson(assembly)).ToList(), () =>
            {
                if (assemblies.Count == 0)
                {
                    action.Out.WriteLine("No assemblies are registered.");
                }

                foreach (var assembly in assemblies)
                {
                    var package = assembly.PackageName is null ? "" : $"  package {assembly.PackageName} ({assembly.FileName})";
                    action.Out.WriteLine($"{assembly.Name} {assembly.Version}  isolation {IsolationName(assembly.Isolation)}  id {assembly.Id}{package}");
                    foreach (var type in assembly.Types)
                    {
                        action.Out.WriteLine($"  {type.TypeName}");
                    }
                }
            });
        });
        return command;
    }

    private static Command Unregister()
    {
        var name = new Argument<string>("name") { Description = "Assembly name (or id)" };
        var force = new Option<bool>("--force") { Description = "Also remove the assembly's steps and their images" };
        var command = new Command("unregister", "Remove an assembly (refused while it has steps, unless --force)") { name, force };
        CliAction.Bind(command, action =>
        {
            var (assembly, removedSteps) = action.OpenStore().RemoveAssembly(action.ParseResult.GetValue(name)!, action.ParseResult.GetValue(force));
            return action.Write(
                new { id = assembly.Id, name = assembly.Name, version = assembly.Version, removedSteps },
                () => Console.Out.WriteLine($"Unregistered {assembly.Name} {assembly.Version}{(removedSteps > 0 ? $" and {removedSteps} step(s)" : "")}."));
        });
        return command;
    }

    private static Command Check()
    {
        var file = new Argument<FileInfo>("dll") { Description = "Path of the plug-in assembly" };
        var isolation = IsolationOption("Judge it for sandbox (default) or none");
        var command = new Command("check", "Print the full validation and scan report; store nothing; non-zero exit if it would be refused") { file, isolation };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var mode = result.GetValue(isolation) ?? IsolationMode.Sandbox;
            var report = new AssemblyRegistrar(action.OpenStore()).Check(result.GetValue(file)!.FullName, mode);
            action.Write(
                new
                {
                    file = report.Source,
                    accepted = report.Accepted,
                    name = report.Name,
                    version = report.Version,
                    sha256 = report.Sha256,
                    isolation = IsolationName(mode),
                    types = report.PluginTypes,
                    problems = report.Problems,
                    violations = report.Violations.Select(violation => violation.ToString()).ToList(),
                    unresolvedReferences = UnresolvedJson(report.UnresolvedReferences),
                },
                () =>
                {
                    Console.Out.WriteLine($"{report.Source}: {(report.Name is null ? "unreadable" : $"{report.Name} {report.Version}")}, sha256 {report.Sha256}");
                    Console.Out.WriteLine($"Plug-in types ({report.PluginTypes.Count}):");
                    foreach (var type in report.PluginTypes)
                    {
                        Console.Out.WriteLine($"  {type}");
                    }

                    Console.Out.WriteLine($"Disallowed APIs ({report.Violations.Count}):");
                    foreach (var violation in report.Violations)
                    {
                        Console.Out.WriteLine($"  {violation}");
                    }

                    Console.Out.WriteLine($"Unresolved references ({report.UnresolvedReferences.Count}):");
                    foreach (var reference in report.UnresolvedReferences)
                    {
                        Console.Out.WriteLine($"  {reference.Name} {reference.Version}");
                    }

                    Console.Out.WriteLine(report.Accepted ? $"Would be accepted with isolation {IsolationName(mode)}." : $"Would be refused with isolation {IsolationName(mode)}.");
                });
            return report.Accepted ? ExitCodes.Success : CliAction.Fail(report.Refusals);
        });
        return command;
    }

    /// <summary>The JSON shape of unresolved references, the same in 'assembly check' and 'package check'.</summary>
    internal static object UnresolvedJson(IReadOnlyList<UnresolvedReference> references) =>
        references.Select(reference => new
        {
            fileName = reference.FileName,
            assemblyName = reference.AssemblyName,
            name = reference.Name,
            version = reference.Version.ToString(),
        }).ToList();
}
