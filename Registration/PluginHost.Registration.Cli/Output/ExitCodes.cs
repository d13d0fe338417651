namespace PluginHost.Registration.Cli.Output;

/// <summary>Process exit codes of pluginreg.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The request was understood and refused (validation, not found, conflict).</summary>
    public const int Refused = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
