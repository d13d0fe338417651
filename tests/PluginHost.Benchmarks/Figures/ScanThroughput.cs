using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;
using PluginHost.Registration.Scanning;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// scan_mb_per_s: the disallowed-API scanner on NLog.dll (about 0.9 MB of IL, shipped beside the host), warm (after
/// JIT warm-up scans), with the default disallowed list read from a fresh database. Each sample builds a new
/// scanner from the list and scans, as every 'assembly register' does; the reuse of one scanner is reported beside it.
/// </summary>
internal static class ScanThroughput
{
    public static Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "NLog.dll");
        var image = File.ReadAllBytes(path);
        RequireIlOnly(path, image);
        // The list a new database is seeded with, which is what 'assembly register' scans against until an admin edits it.
        var rules = DefaultDisallowedApis.All;
        var megabytes = image.Length / 1048576.0;

        var violations = 0;
        var fresh = Samples(context, () => violations = Scan(new DisallowedApiScanner(rules), image));
        var shared = new DisallowedApiScanner(rules);
        var reused = Samples(context, () => Scan(shared, image));

        var throughput = Distribution.Of(fresh.Select(ms => megabytes / (ms / 1000)));
        var reusedThroughput = Distribution.Of(reused.Select(ms => megabytes / (ms / 1000))).Median;
        IReadOnlyList<Figure> figures =
        [
            new Figure("scan_mb_per_s", throughput.Median, "MB/s", Budget.AtLeast(50))
            {
                Note = string.Create(
                    CultureInfo.InvariantCulture,
                    $"a new scanner per scan, as 'assembly register' builds one; one scanner reused on the same bytes: {reusedThroughput:0.0} MB/s"),
                Details = new Dictionary<string, object?>
                {
                    ["assembly"] = "NLog.dll " + Path.GetFileName(Path.GetDirectoryName(path)),
                    ["assembly_mb"] = Math.Round(megabytes, 3),
                    ["scan_ms"] = Distribution.Of(fresh).Median,
                    ["reused_scanner_mb_per_s"] = reusedThroughput,
                    ["violations_reported"] = violations,
                    ["rules"] = rules.Count,
                    ["samples"] = fresh.Length,
                },
            }.WithSpread(throughput),
        ];
        return Task.FromResult(figures);
    }

    private static int Scan(DisallowedApiScanner scanner, byte[] image)
    {
        var report = scanner.Scan(image);
        return report.Problems.Count == 0
            ? report.Violations.Count
            : throw new InvalidOperationException($"the scanner refused the benchmark assembly: {string.Join("; ", report.Problems)}");
    }

    private static double[] Samples(BenchContext context, Action scan)
    {
        for (var warmup = 0; warmup < 5; warmup++)
        {
            scan();
        }

        var samples = new double[context.Count(30)];
        for (var sample = 0; sample < samples.Length; sample++)
        {
            var started = Stopwatch.GetTimestamp();
            scan();
            samples[sample] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return samples;
    }

    /// <summary>The figure is about IL: a ReadyToRun or mixed-mode file would measure something else.</summary>
    private static void RequireIlOnly(string path, byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var cor = pe.PEHeaders.CorHeader ?? throw new InvalidOperationException($"{path} is not a .NET assembly");
        if ((cor.Flags & CorFlags.ILOnly) == 0 || cor.ManagedNativeHeaderDirectory.Size > 0)
        {
            throw new InvalidOperationException($"{path} is not IL-only (ReadyToRun or mixed mode): pick another assembly for the scan figure");
        }
    }
}
