using Microsoft.Data.Sqlite;
using Npgsql;

namespace PluginHost.Host.Storage;

/// <summary>What a database error means, whichever backend raised it.</summary>
internal static class DatabaseErrors
{
    // SQLite result codes: https://www.sqlite.org/rescode.html
    private const int SqliteBusy = 5;                 // another connection holds the lock past the busy timeout
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;             // permissions changed, or the file moved (READONLY_DBMOVED)
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;                // the disk is full
    private const int SqliteCannotOpen = 14;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // PostgreSQL SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
    private const string UniqueViolation = "23505";
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";
    private const string ConnectionExceptionClass = "08";
    private const string InsufficientResourcesClass = "53";   // disk full, out of memory, too many connections
    private const string OperatorInterventionClass = "57P";   // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now

    /// <summary>True when <paramref name="exception"/> is a write refused because a row with the same key exists.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } => true,
        PostgresException { SqlState: UniqueViolation } => true,
        _ => false,
    };

    /// <summary>
    /// True when <paramref name="exception"/> itself (not what it wraps) says the database was busy, locked, full,
    /// unreachable or gone: trying again later may work, and nobody's code is to blame.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCannotOpen } => true,
        PostgresException server => server.SqlState is SerializationFailure or DeadlockDetected
            || server.SqlState.StartsWith(ConnectionExceptionClass, StringComparison.Ordinal)
            || server.SqlState.StartsWith(InsufficientResourcesClass, StringComparison.Ordinal)
            || server.SqlState.StartsWith(OperatorInterventionClass, StringComparison.Ordinal),

        // Raised by Npgsql itself, not the server: a refused or broken connection, a timeout.
        NpgsqlException { IsTransient: true } => true,
        _ => false,
    };

    /// <summary>
    /// The error in <paramref name="exception"/> or what it wraps (a plug-in's nested call that failed, say) that says the
    /// database was unavailable (<see cref="IsUnavailable"/>), or null.
    /// </summary>
    public static System.Data.Common.DbException? UnavailableCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException database && IsUnavailable(database))
            {
                return database;
            }
        }

        return null;
    }

    /// <summary>
    /// After a PostgreSQL connection failed: drops the pooled connections, which may be dead too (a restarted server
    /// breaks all of them, and Npgsql finds out only when one is used), so the next request connects afresh.
    /// </summary>
    public static void ForgetBrokenConnections(System.Data.Common.DbException cause)
    {
        if (cause is NpgsqlException)
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}
