using System.CommandLine;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>Runs pluginreg's command line in this process through an <see cref="InvocationConfiguration"/> that captures its output.</summary>
internal static class InProcessPluginReg
{
    public static CliResult Run(string database, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Registration.Cli.Program.Run(["--db", database, .. arguments], new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
