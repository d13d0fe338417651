using System.CommandLine;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Output;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = $"Database: a SQLite file path, or a PostgreSQL connection string (Host=…;Username=…;Password=…;Database=…) or postgresql:// URL (default: ${DatabaseLocation.Variable}, else ./{DatabaseLocation.DefaultPath})",
        Recursive = true,
    };

    public static readonly Option<string?> KeyFile = new("--key-file")
    {
        Description = $"Key that encrypts secure configurations and auth headers (default: ${Secrets.SecretKeyFile.PathVariable}, else the database path + .key); the host must use the same",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to stdout",
        Recursive = true,
    };
}
