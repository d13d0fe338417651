using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Cli.Parsing;
using PluginHost.Registration.Packages;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary><c>pluginreg package ...</c>: register, replace, list, check and remove plug-in packages (.nupkg).</summary>
internal static class PackageCommands
{
    public static Command Create()
    {
        var command = new Command("package", "Register, update, list, check and unregister plug-in packages (.nupkg: a plug-in assembly with its dependencies)");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Unregister());
        command.Subcommands.Add(Check());
        return command;
    }

    /// <summary>A registered or updated package: the listing's shape with the warnings its registration earned.</summary>
    private static object ToJson(PackageRecord package, IReadOnlyList<string> warnings)
    {
        var json = PackageJson.From(package);
        return new
        {
            json.Id, json.Name, json.Version, json.Sha256, json.Isolation, json.Description, json.RegisteredOn, json.ModifiedOn, json.Assemblies,
            warnings,
        };
    }

    /// <summary>Warnings go to stderr with or without --json, so a script reading the JSON still shows them to a person.</summary>
    private static void WriteWarnings(CliAction action, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            action.Error.WriteLine($"warning: {warning}");
        }
    }

    private static void WritePackage(CliAction action, string verb, PackageRecord package)
    {
        action.Out.WriteLine(
            $"{verb} package {package.Name} {package.Version} as {package.Id} (isolation {PackageJson.IsolationName(package.Isolation)}) with {package.Assemblies.Count} assembly(ies):");
        WriteAssemblies(action, package);
    }

    private static void WriteAssemblies(CliAction action, PackageRecord package)
    {
        foreach (var assembly in package.Assemblies)
        {
            action.Out.WriteLine($"  {assembly.FileName}  {assembly.Name} {assembly.Version}  sha256 {assembly.Sha256}");
            foreach (var type in assembly.Types)
            {
                action.Out.WriteLine($"    {type.TypeName}");
            }
        }
    }

    private static Command Register()
    {
        var file = new Argument<FileInfo>("nupkg") { Description = "Path of the plug-in package (.nupkg)" };
        var isolation = ValueOptions.Isolation("sandbox (default: untrusted, runs in a confined worker) or none (trusted, runs in the host)");
        var description = new Option<string?>("--description") { Description = "Free text" };
        var command = new Command("register", "Inspect, scan and store a plug-in package with its dependencies") { file, isolation, description };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var (package, warnings) = new PackageRegistrar(action.OpenStore())
                .Register(result.GetValue(file)!.FullName, result.GetValue(isolation) ?? IsolationMode.Sandbox, result.GetValue(description));
            WriteWarnings(action, warnings);
            return action.Write(ToJson(package, warnings), () => WritePackage(action, "Registered", package));
        });
        return command;
    }

    private static Command Update()
    {
        var name = new Argument<string>("name") { Description = "Package name (or id) to replace" };
        var file = new Argument<FileInfo>("nupkg") { Description = "Path of the new package file" };
        var isolation = ValueOptions.Isolation("Change the isolation mode too (default: keep it)");
        var command = new Command("update", "Replace a package's content; the steps of plug-in types it still has stay") { name, file, isolation };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var (package, warnings) = new PackageRegistrar(action.OpenStore())
                .Update(result.GetValue(name)!, result.GetValue(file)!.FullName, result.GetValue(isolation));
            WriteWarnings(action, warnings);
            return action.Write(ToJson(package, warnings), () => WritePackage(action, "Updated", package));
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List packages with their assemblies and plug-in types");
        CliAction.Bind(command, action =>
        {
            var packages = action.OpenStore().ListPackages();
            return action.Write(packages.Select(PackageJson.From).ToList(), () =>
            {
                if (packages.Count == 0)
                {
                    action.Out.WriteLine("No packages are registered.");
                }

                foreach (var package in packages)
                {
                    action.Out.WriteLine($"{package.Name} {package.Version}  isolation {PackageJson.IsolationName(package.Isolation)}  id {package.Id}");
                    WriteAssemblies(action, package);
                }
            });
        });
        return command;
    }

    private static Command Unregister()
    {
        var name = new Argument<string>("name") { Description = "Package name (or id)" };
        var force = new Option<bool>("--force") { Description = "Also remove the steps of its plug-in types and their images" };
        var command = new Command("unregister", "Remove a package and its assemblies (refused while it has steps, unless --force)") { name, force };
        CliAction.Bind(command, action =>
        {
            var (package, removedSteps) = action.OpenStore().RemovePackage(action.ParseResult.GetValue(name)!, action.ParseResult.GetValue(force));
            return action.Write(
                new { id = package.Id, name = package.Name, version = package.Version, removedSteps },
                () => action.Out.WriteLine($"Unregistered package {package.Name} {package.Version}{(removedSteps > 0 ? $" and {removedSteps} step(s)" : "")}."));
        });
        return command;
    }

    private static Command Check()
    {
        var file = new Argument<FileInfo>("nupkg") { Description = "Path of the plug-in package (.nupkg)" };
        var isolation = ValueOptions.Isolation("Judge it for sandbox (default) or none");
        var command = new Command("check", "Print the full validation and scan report of a package; store nothing; non-zero exit if it would be refused") { file, isolation };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var mode = result.GetValue(isolation) ?? IsolationMode.Sandbox;
            var report = new PackageRegistrar(action.OpenStore()).Check(result.GetValue(file)!.FullName, mode);
            WriteWarnings(action, report.Warnings);
            action.Write(CheckJson(report), () => WriteCheck(action, report));
            return report.Accepted ? ExitCodes.Success : CliAction.Fail(report.Refusals, action.Error);
        });
        return command;
    }

    private static object CheckJson(PackageCheck report) => new
    {
        file = report.Source,
        accepted = report.Accepted,
        name = report.Name,
        version = report.Version,
        sha256 = report.Sha256,
        folder = report.Folder,
        isolation = PackageJson.IsolationName(report.Isolation),
        types = report.PluginTypes,
        assemblies = report.Assemblies.Select(assembly => new
        {
            fileName = assembly.FileName,
            name = assembly.Name,
            version = assembly.Version,
            sha256 = assembly.Sha256,
            fate = assembly.Fate.ToString().ToLowerInvariant(),
            pluginTypes = assembly.PluginTypes,
            trusted = assembly.Trusted,
            violations = assembly.Violations.Select(violation => violation.ToString()).ToList(),
        }).ToList(),
        unresolvedReferences = AssemblyCommands.UnresolvedJson(report.UnresolvedReferences),
        problems = report.Refusals,
        warnings = report.Warnings,
    };

    private static void WriteCheck(CliAction action, PackageCheck report)
    {
        action.Out.WriteLine($"{report.Source}: package {report.Name} {report.Version}, sha256 {report.Sha256}, assemblies from {report.Folder}/");
        foreach (var assembly in report.Assemblies)
        {
            var fate = assembly.Fate switch
            {
                PackagedAssemblyFate.Supplied => "not stored: the host supplies it",
                PackagedAssemblyFate.Framework => "not stored: the framework's copy is used",
                _ when assembly.Trusted => "stored, trusted dependency",
                _ => assembly.IsDependency ? "stored, dependency" : "stored, plug-in assembly",
            };
            action.Out.WriteLine($"  {assembly.FileName}  {assembly.Name ?? "unreadable"} {assembly.Version}  sha256 {assembly.Sha256}  ({fate})");
            foreach (var type in assembly.PluginTypes)
            {
                action.Out.WriteLine($"    plug-in type {type}");
            }

            foreach (var violation in assembly.Violations)
            {
                action.Out.WriteLine($"    disallowed API {violation}");
            }
        }

        action.Out.WriteLine(report.Accepted
            ? $"Would be accepted with isolation {PackageJson.IsolationName(report.Isolation)}."
            : $"Would be refused with isolation {PackageJson.IsolationName(report.Isolation)}.");
    }
}
