using System.CommandLine;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Output;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = $"Database file (default: ${RegistrationDatabase.PathVariable}, else ./{RegistrationDatabase.DefaultPath})",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to stdout",
        Recursive = true,
    };
}
