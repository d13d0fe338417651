using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;

namespace PluginHost.Host.Jobs;

/// <summary>Which failures are the database's passing trouble rather than a job's or a plug-in's fault.</summary>
internal static class DatabaseFaults
{
    /// <summary>
    /// True when <paramref name="exception"/> or one it wraps says the database was busy, locked, read-only, unreadable,
    /// full or gone (<see cref="DatabaseErrors.IsUnavailable"/>): trying again later may work, and nobody's code is to blame.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (DatabaseErrors.IsUnavailable(current) || current is PipelineException { Code: ErrorCodes.DatabaseUnavailable })
            {
                return true;
            }
        }

        return false;
    }
}
