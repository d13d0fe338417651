using System.CommandLine;
using PluginHost.Registration.Cli.Output;
using PluginHost.Registration.Packages;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Commands;

/// <summary>
/// <c>pluginreg trust ...</c>: dependencies an admin trusts despite the disallowed APIs they use, each one exact file
/// (name, version and SHA-256). A sandboxed package may carry a trusted dependency; its plug-in code is never trusted.
/// </summary>
internal static class TrustCommands
{
    public static Command Create()
    {
        var command = new Command("trust", "Trust, list and stop trusting exact dependencies whose disallowed APIs a sandboxed package may use");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static object ToJson(TrustedAssemblyRecord trusted) => new
    {
        name = trusted.Name,
        version = trusted.Version,
        sha256 = trusted.Sha256,
        description = trusted.Description,
        addedOn = trusted.AddedOn,
    };

    private static Command Add()
    {
        var target = new Argument<string>("dll-or-name") { Description = "The dependency's .dll (its name, version and SHA-256 are read from it), or its assembly name" };
        var version = new Option<string?>("--version") { Description = "The assembly version, e.g. 13.0.0.0 (required with a name)" };
        var sha256 = new Option<string?>("--sha256") { Description = "The SHA-256 of the .dll, as 'pluginreg package check' prints it (required with a name)" };
        var description = new Option<string?>("--description") { Description = "Why it is trusted" };
        var command = new Command("add", "Trust one exact dependency: its disallowed APIs are reported, not refused") { target, version, sha256, description };
        CliAction.Bind(command, action =>
        {
            var result = action.ParseResult;
            var (name, trustedVersion, trustedSha) = Identify(result.GetValue(target)!, result.GetValue(version), result.GetValue(sha256));
            var trusted = action.OpenStore().AddTrusted(name, trustedVersion, trustedSha, result.GetValue(description));
            return action.Write(
                ToJson(trusted),
                () => action.Out.WriteLine($"Trusted {trusted.Name} {trusted.Version} with SHA-256 {trusted.Sha256}."));
        });
        return command;
    }

    /// <summary>The name, version and SHA-256 to trust: from the file when one is named, else from the options.</summary>
    private static (string Name, string Version, string Sha256) Identify(string target, string? version, string? sha256)
    {
        var isFile = File.Exists(target) || Directory.Exists(target)
            || target.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || target.Contains(Path.DirectorySeparatorChar) || target.Contains('/');
        if (!isFile)
        {
            var missing = new[] { (Option: "--version", Value: version), (Option: "--sha256", Value: sha256) }
                .Where(option => string.IsNullOrWhiteSpace(option.Value))
                .Select(option => option.Option)
                .ToList();
            return missing.Count == 0
                ? (target, version!, sha256!)
                : throw new RegistrationException(
                    $"trusting '{target}' by name needs {string.Join(" and ", missing)}: give both (as 'pluginreg package check' prints them), or the path of the .dll");
        }

        var file = TrustedFile.Read(target);
        var problems = new List<string>();
        if (version is not null && RegistrationStore.NormalizeVersion(version) is { } given && given != file.Version)
        {
            problems.Add($"'{target}' is version {file.Version}, not {given}: leave --version out to trust the file as it is");
        }

        if (sha256 is not null && !string.Equals(sha256.Trim(), file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"'{target}' has SHA-256 {file.Sha256}, not {sha256.Trim()}: leave --sha256 out to trust the file as it is");
        }

        return problems.Count == 0 ? file : throw new RegistrationException(problems);
    }

    private static Command List()
    {
        var command = new Command("list", "List the trusted dependencies");
        CliAction.Bind(command, action =>
        {
            var trusted = action.OpenStore().ListTrusted();
            return action.Write(
                trusted.Select(ToJson).ToList(),
                () => Table.Write(
                    ["NAME", "VERSION", "SHA256", "ADDED", "DESCRIPTION"],
                    trusted.Select(entry => (IReadOnlyList<string?>)[entry.Name, entry.Version, entry.Sha256, entry.AddedOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture), entry.Description]),
                    "No trusted dependencies.",
                    action.Out));
        });
        return command;
    }

    private static Command Remove()
    {
        var key = new Argument<string>("name-or-sha256") { Description = "The trusted dependency's SHA-256, or its name when only one entry has it" };
        var command = new Command(
            "remove",
            "Remove the trust of one exact dependency (that name, version and SHA-256). Packages that carry it stay registered, " +
            "but the host's sandbox gate scans it again: their sandboxed steps are refused while it uses a disallowed API, until it is trusted again; " +
            "registering or updating a sandboxed package that carries it is refused the same way") { key };
        CliAction.Bind(command, action =>
        {
            var trusted = action.OpenStore().RemoveTrusted(action.ParseResult.GetValue(key)!);
            return action.Write(ToJson(trusted), () => action.Out.WriteLine($"No longer trusted: {trusted.Name} {trusted.Version} ({trusted.Sha256})."));
        });
        return command;
    }
}
