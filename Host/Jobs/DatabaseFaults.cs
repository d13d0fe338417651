using Microsoft.Data.Sqlite;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Jobs;

/// <summary>Which failures are the database's passing trouble rather than a job's or a plug-in's fault.</summary>
internal static class DatabaseFaults
{
    private const int Busy = 5;           // SQLITE_BUSY: another connection holds the lock past the busy timeout
    private const int Locked = 6;         // SQLITE_LOCKED
    private const int ReadOnly = 8;       // SQLITE_READONLY: permissions changed, or the file moved (READONLY_DBMOVED)
    private const int IoError = 10;       // SQLITE_IOERR
    private const int Full = 13;          // SQLITE_FULL: the disk is full
    private const int CannotOpen = 14;    // SQLITE_CANTOPEN

    /// <summary>
    /// True when <paramref name="exception"/> or one it wraps says the database was busy, locked, read-only, unreadable, full or
    /// gone: trying again later may work, and nobody's code is to blame.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Full or CannotOpen }
                || current is PipelineException { Code: ErrorCodes.DatabaseUnavailable })
            {
                return true;
            }
        }

        return false;
    }
}
