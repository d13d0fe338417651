using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// Compiles a one-file plug-in with the C# compiler of the SDK running this suite, against the .NET reference pack and
/// the SDK contracts: for a test that needs plug-in code no fixture project has (what it probes depends on the test).
/// </summary>
internal static class PluginCompiler
{
    /// <summary>Compiles <paramref name="source"/> into <paramref name="folder"/>/<paramref name="assemblyName"/>.dll; returns its path.</summary>
    /// <param name="assemblyName">The assembly's name and file name.</param>
    /// <param name="source">The C# source.</param>
    /// <param name="folder">Where the source and the assembly are written.</param>
    /// <param name="references">Paths of further assemblies it references (one compiled before, say).</param>
    public static string Compile(string assemblyName, string source, string folder, params IEnumerable<string> references)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var csc = Directory.GetFiles(Path.Combine(dotnetRoot, "sdk"), "csc.dll", SearchOption.AllDirectories).Where(path => path.Contains("bincore", StringComparison.Ordinal)).Max()
            ?? throw new FileNotFoundException($"no C# compiler under {dotnetRoot}/sdk");
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var referencePack = Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"), major + ".*").Max()!;
        var sourcePath = Path.Combine(folder, assemblyName + ".cs");
        var output = Path.Combine(folder, assemblyName + ".dll");
        File.WriteAllText(sourcePath, source);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[csc, "-nologo", "-target:library", "-nullable:enable", $"-out:{output}", $"-r:{typeof(Microsoft.Xrm.Sdk.IPlugin).Assembly.Location}"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var reference in Directory.GetFiles(Path.Combine(referencePack, "ref", $"net{major}.0"), "*.dll").Concat(references))
        {
            start.ArgumentList.Add($"-r:{reference}");
        }

        start.ArgumentList.Add(sourcePath);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"csc failed:\n{stdout.Result}\n{stderr.Result}");
        return output;
    }
}
