using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Cli.Output;

/// <summary>
/// Runs one command's work against the store and turns the outcome into output and an exit code: refusals become
/// <c>error:</c> lines on stderr and never a stack trace.
/// </summary>
internal sealed class CliAction(ParseResult parseResult)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ParseResult ParseResult { get; } = parseResult;

    public bool Json => ParseResult.GetValue(CommonOptions.Json);

    /// <summary>Where results go: stdout, or what an in-process caller's <see cref="InvocationConfiguration"/> gave.</summary>
    public TextWriter Out => ParseResult.InvocationConfiguration.Output;

    /// <summary>Where <c>error:</c> lines go.</summary>
    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    /// <summary>Wires <paramref name="work"/> as the command's action.</summary>
    public static void Bind(Command command, Func<CliAction, int> work) =>
        command.SetAction(parseResult => new CliAction(parseResult).Run(work));

    public RegistrationStore OpenStore() =>
        new(RegistrationDatabase.Open(DatabaseLocation.Resolve(ParseResult.GetValue(CommonOptions.Database)), ParseResult.GetValue(CommonOptions.KeyFile)));

    /// <summary>Writes <paramref name="value"/> as JSON with --json, else runs <paramref name="writeText"/>.</summary>
    public int Write(object value, Action writeText)
    {
        if (Json)
        {
            Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
        else
        {
            writeText();
        }

        return ExitCodes.Success;
    }

    public static int Fail(IEnumerable<string> problems, TextWriter? error = null)
    {
        foreach (var problem in problems)
        {
            (error ?? Console.Error).WriteLine($"error: {problem}");
        }

        return ExitCodes.Refused;
    }

    private int Run(Func<CliAction, int> work)
    {
        try
        {
            return work(this);
        }
        catch (RegistrationException exception)
        {
            return Fail(exception.Problems, Error);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail([exception.Message], Error);
        }
        catch (Exception exception)
        {
            // A bug of ours: say what happened in one line rather than show a stack trace.
            return Fail([$"unexpected {exception.GetType().Name}: {exception.Message} (please report this)"], Error);
        }
    }
}
