using PluginHost.Host.Jobs;

namespace PluginHost.Host.Diagnostics;

/// <summary>How the background services log a database call that failed.</summary>
internal static class DatabaseFaultLog
{
    /// <summary>
    /// Logs that <paramref name="what"/> failed: a warning with the reason when the database was in passing trouble
    /// (busy, locked, full, unreachable: nobody's bug, and a stack trace would only bury the reason), an error with the
    /// stack trace otherwise. <paramref name="suppressed"/> is the <see cref="LogThrottle"/>'s note.
    /// </summary>
    public static void LogDatabaseFault(this ILogger logger, Exception exception, string what, string suppressed)
    {
        if (DatabaseFaults.IsTransient(exception))
        {
            logger.LogWarning("Could not {What}: {Reason}{Suppressed}", what, exception.GetBaseException().Message, suppressed);
        }
        else
        {
            logger.LogError(exception, "Could not {What}{Suppressed}", what, suppressed);
        }
    }
}
