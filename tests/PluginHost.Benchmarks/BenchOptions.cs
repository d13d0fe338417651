using System.Globalization;

namespace PluginHost.Benchmarks;

/// <summary>The command line of the benchmark program.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        """
        PluginHost benchmark: measures every figure of SPEC §10 and writes artifacts/bench/results.json.
        usage: PluginHost.Benchmarks [--quick] [--only GROUP[,GROUP...]] [--ipc-payload-bytes N] [--out PATH]
          --quick               a few rounds of each figure, to check the program works (figures are not trustworthy)
          --only                run some groups: scan, ipc, pipeline, raw, dispatch, load, reload, pgraw, isolation, jobs,
                                propagation; scaleout stands for the last four (their PostgreSQL figures need initdb:
                                without it they are null, marked skipped, and the run still exits 0)
          --ipc-payload-bytes   bytes each way of the raw Unix-socket echo when no sandbox frame is available (default 1024)
          --out                 where to write results.json (default <repo>/artifacts/bench/results.json)
        """;

    /// <summary>The groups of issue 11 (several hosts on one PostgreSQL database), which <c>--only scaleout</c> runs.</summary>
    public static readonly string[] ScaleOut = ["pgraw", "isolation", "jobs", "propagation"];

    public static readonly string[] Groups = ["scan", "ipc", "pipeline", "raw", "dispatch", "load", "reload", .. ScaleOut];

    public bool Quick { get; init; }

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(Groups);

    public int IpcPayloadBytes { get; init; } = 1024;

    public string? OutputPath { get; init; }

    public bool Runs(string group) => Only.Contains(group);

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        for (var index = 0; index < args.Count; index++)
        {
            string Value() => index + 1 < args.Count ? args[++index] : throw new FormatException($"{args[index]} needs a value");
            try
            {
                options = args[index] switch
                {
                    "--quick" => options with { Quick = true },
                    "--only" => options with { Only = ParseGroups(Value()) },
                    "--ipc-payload-bytes" => options with { IpcPayloadBytes = ParsePayload(Value()) },
                    "--out" => options with { OutputPath = Path.GetFullPath(Value()) },
                    var unknown => throw new FormatException($"unknown argument '{unknown}'"),
                };
            }
            catch (FormatException exception)
            {
                error = exception.Message;
                return null;
            }
        }

        return options;
    }

    private static HashSet<string> ParseGroups(string list)
    {
        var groups = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(group => group == "scaleout" ? ScaleOut : [group])
            .ToHashSet(StringComparer.Ordinal);
        var unknown = groups.Except(Groups).ToList();
        return unknown.Count == 0 && groups.Count > 0
            ? groups
            : throw new FormatException($"unknown group(s) '{string.Join(",", unknown)}': the groups are {string.Join(", ", Groups)} (scaleout: {string.Join(", ", ScaleOut)})");
    }

    private static int ParsePayload(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is > 0 and <= 16 * 1024 * 1024
            ? bytes
            : throw new FormatException($"--ipc-payload-bytes must be a whole number from 1 to 16777216, not '{text}'");
}
