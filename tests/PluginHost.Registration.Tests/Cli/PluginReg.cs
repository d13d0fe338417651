using System.Diagnostics;
using System.Text.Json;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>What one run of pluginreg printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonElement Json => JsonDocument.Parse(StdOut).RootElement;

    public IReadOnlyList<string> ErrorLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the built pluginreg executable as a separate process, the way a user does.</summary>
internal static class PluginReg
{
    private static readonly string CliPath = Path.Combine(AppContext.BaseDirectory, "pluginreg.dll");

    public static CliResult Run(string database, params string[] arguments) => RunRaw(["--db", database, .. arguments]);

    public static CliResult RunRaw(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PLUGINHOST_DB");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pluginreg {string.Join(' ', arguments)} did not finish within a minute");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
