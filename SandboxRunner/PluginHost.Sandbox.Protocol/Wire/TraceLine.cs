using System.Globalization;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>Turns an <c>ITracingService.Trace</c> call into its line, in the host and in a worker alike.</summary>
public static class TraceLine
{
    /// <summary>The formatted line; a malformed format string keeps what the plug-in said instead of failing it.</summary>
    public static string Format(string format, object?[]? args)
    {
        try
        {
            return args is null || args.Length == 0 ? format ?? "" : string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            return $"{format} [{string.Join(", ", args ?? [])}]";
        }
    }
}
