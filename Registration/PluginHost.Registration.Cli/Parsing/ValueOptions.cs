using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Parsing;

/// <summary>
/// Options and arguments whose values have a fixed form (stage, mode, isolation and image-kind words, ranks, GUIDs).
/// A value of the wrong form is a malformed command line: it fails while parsing, so it exits 2 (usage) like an
/// unknown option, before the database is opened. Checks that need the database (does the type exist, is the name
/// free) stay with the store and exit 1.
/// </summary>
internal static class ValueOptions
{
    /// <summary><c>--stage</c>: a stage name or its number, as 10/20/30/40.</summary>
    public static Option<int> Stage() => new("--stage")
    {
        Description = "prevalidation, preoperation, mainoperation, postoperation or 10/20/30/40",
        Required = true,
        CustomParser = result => Word(result, ParseStage, value =>
            $"stage '{value}' is not a pipeline stage: use prevalidation, preoperation, mainoperation, postoperation or 10/20/30/40"),
    };

    /// <summary><c>--mode</c>: sync or async.</summary>
    public static Option<ExecutionMode> Mode() => new("--mode")
    {
        Description = "sync or async (async only at postoperation)",
        DefaultValueFactory = _ => ExecutionMode.Synchronous,
        CustomParser = result => Word(result, ParseMode, value => $"mode '{value}' is not a mode: use sync or async"),
    };

    /// <summary><c>--rank</c>: a whole number, 0 or more.</summary>
    public static Option<int> Rank() => new("--rank")
    {
        Description = "Order within the stage, 0 or more, lower first",
        DefaultValueFactory = _ => 1,
        CustomParser = result => Word(result, ParseRank, value =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var negative) && negative < 0
                ? $"rank {negative} is negative: ranks are 0 or more, lower runs first"
                : $"rank '{value}' is not a whole number from 0 to {int.MaxValue}"),
    };

    /// <summary><c>--isolation</c>: sandbox or none; null when the option is absent.</summary>
    public static Option<IsolationMode?> Isolation(string description) => new("--isolation")
    {
        Description = description,
        CustomParser = result => Word<IsolationMode>(result, ParseIsolation, value =>
            $"isolation '{value}' is not an isolation mode: use sandbox (untrusted, the default) or none (trusted, in the host process)"),
    };

    /// <summary><c>--kind</c>: pre, post or both.</summary>
    public static Option<ImageKind> ImageKind() => new("--kind")
    {
        Description = "pre, post or both",
        Required = true,
        CustomParser = result => Word(result, ParseKind, value => $"image kind '{value}' is not a kind: use pre, post or both"),
    };

    /// <summary>An id argument that must be a GUID (<paramref name="what"/> names the thing and where to find its ids).</summary>
    public static Argument<Guid> Id(string name, string description, string what) => new(name)
    {
        Description = description,
        CustomParser = result => Word(result, ParseGuid, value => $"'{value}' is not {what}"),
    };

    /// <summary>
    /// Parses the single token of <paramref name="result"/>; a value <paramref name="parse"/> rejects becomes a parse
    /// error worded by <paramref name="error"/> (and the command line exits 2).
    /// </summary>
    private static T Word<T>(ArgumentResult result, Func<string, T?> parse, Func<string, string> error)
        where T : struct
    {
        var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(token => token.Value));
        if (parse(value) is { } parsed)
        {
            return parsed;
        }

        result.AddError(error(value));
        return default;
    }

    private static int? ParseStage(string value) => value.Trim().ToLowerInvariant() switch
    {
        "prevalidation" or "10" => 10,
        "preoperation" or "20" => 20,
        "mainoperation" or "30" => 30,
        "postoperation" or "40" => 40,
        _ => null,
    };

    private static ExecutionMode? ParseMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sync" or "synchronous" or "0" => ExecutionMode.Synchronous,
        "async" or "asynchronous" or "1" => ExecutionMode.Asynchronous,
        _ => null,
    };

    private static int? ParseRank(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rank) && rank >= 0 ? rank : null;

    private static IsolationMode? ParseIsolation(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sandbox" => IsolationMode.Sandbox,
        "none" => IsolationMode.None,
        _ => null,
    };

    private static ImageKind? ParseKind(string value) => value.Trim().ToLowerInvariant() switch
    {
        "pre" => Store.ImageKind.Pre,
        "post" => Store.ImageKind.Post,
        "both" => Store.ImageKind.Both,
        _ => null,
    };

    private static Guid? ParseGuid(string value) => Guid.TryParse(value.Trim(), out var id) ? id : null;
}
