using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// Notices when the database file is deleted, moved or replaced under the running host. SQLite keeps working on the
/// file it opened, so without this, writes would go on succeeding into an unlinked file that no one can open again.
/// Once it notices, the host stays unavailable until restarted: <c>/health</c> answers 503 and every request and
/// write fails with <c>DatabaseUnavailable</c> (503), so an orchestrator restarts it on the file now at the path.
/// </summary>
/// <remarks>
/// A connection opened at start-up is kept as the reference; SQLite compares the inode of the file it holds open
/// with the inode now at the path (<c>SQLITE_FCNTL_HAS_MOVED</c>). The check is a stat(): it runs once a second, and
/// writers read the cached verdict. A PostgreSQL database has no file to lose: there the watch checks nothing and never
/// reports a problem (a server that cannot be reached fails the request that needs it).
/// </remarks>
internal sealed class DatabaseWatch : BackgroundService
{
    /// <summary>How often the file is checked.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private const int HasMovedOperation = 20; // SQLITE_FCNTL_HAS_MOVED

    /// <summary>How long <see cref="ProbeAsync"/> waits for a PostgreSQL server to connect and answer.</summary>
    private const int ProbeTimeoutSeconds = 3;

    private readonly string _path;
    private readonly string? _serverProbe;
    private readonly SqliteConnection? _reference;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseWatch> _logger;
    private volatile string? _problem;
    private bool _nativeCheck = true;

    public DatabaseWatch(RegistrationDatabase database, TimeProvider time, ILogger<DatabaseWatch> logger)
    {
        _time = time;
        _logger = logger;
        if (database.Location.Backend != DatabaseBackend.Sqlite)
        {
            _path = database.Location.Display;
            _serverProbe = new Npgsql.NpgsqlConnectionStringBuilder(database.Location.Value) { Timeout = ProbeTimeoutSeconds, CommandTimeout = ProbeTimeoutSeconds }.ConnectionString;
            return;
        }

        _path = database.FilePath;
        _reference = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        _reference.Open();
        using var command = _reference.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master";
        command.ExecuteScalar();
    }

    /// <summary>Why the database cannot be used, or null while it can.</summary>
    public string? Problem => _problem;

    /// <summary>Fails with <c>DatabaseUnavailable</c> once the file has gone; writers call it before they write.</summary>
    public void ThrowIfUnavailable()
    {
        if (_problem is { } problem)
        {
            throw new PipelineException(ErrorCodes.DatabaseUnavailable, problem);
        }
    }

    /// <summary>
    /// What <c>/health</c> reports: the lost file on SQLite (<see cref="Problem"/>); on PostgreSQL, whether the server
    /// answers <c>SELECT 1</c> now, within a few seconds (one round trip on a pooled connection while it is up). Null
    /// while the database can be used.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellation)
    {
        if (_serverProbe is null)
        {
            return _problem;
        }

        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(_serverProbe);
            await connection.OpenAsync(cancellation);
            await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellation);
            return null;
        }
        catch (Exception exception) when ((exception is Npgsql.NpgsqlException or TimeoutException) && !cancellation.IsCancellationRequested)
        {
            if (exception is System.Data.Common.DbException database)
            {
                DatabaseErrors.ForgetBrokenConnections(database);
            }

            return $"the PostgreSQL server of database '{_path}' cannot be reached: {string.Join(' ', exception.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}";
        }
    }

    /// <summary>Checks the file now; returns the problem, if any (it stays: the host must be restarted).</summary>
    public string? Check()
    {
        if (_problem is not null || _reference is null)
        {
            return _problem;
        }

        if (HasMoved())
        {
            _problem = $"the database file '{_path}' was deleted, moved or replaced while the host was running; the host refuses requests " +
                "instead of writing to a file no one can open again: restore the file and restart the host";
            _logger.LogCritical("{Problem}", _problem);
        }

        return _problem;
    }

    public override void Dispose()
    {
        _reference?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_reference is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken) && Check() is null)
        {
        }
    }

    private bool HasMoved()
    {
        if (_nativeCheck)
        {
            try
            {
                var moved = 0;
                if (NativeMethods.sqlite3_file_control(_reference!.Handle!.DangerousGetHandle(), "main\0"u8.ToArray(), HasMovedOperation, ref moved) == 0)
                {
                    return moved != 0;
                }
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                _logger.LogWarning("SQLite's file check is not available ({Reason}); only a deleted database file will be noticed", exception.Message);
            }

            _nativeCheck = false;
        }

        return !File.Exists(_path);
    }

    private static class NativeMethods
    {
        // The SQLite library Microsoft.Data.Sqlite itself loads (SQLitePCLRaw's bundle), which does not expose this call.
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int sqlite3_file_control(IntPtr db, byte[] databaseName, int operation, ref int value);
    }
}
