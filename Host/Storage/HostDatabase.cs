using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// The host's one way into its store on either backend: connections (through the registration database, which knows
/// the location and the SQLite settings), the write transaction of an operation, and the path every write takes.
/// Everything the host's SQL does differently on SQLite and PostgreSQL is decided here; the SQL itself is written once.
/// </summary>
/// <remarks>
/// SQLite has one writer per file: a write enters the process-wide <see cref="WriteGate"/> (a fair queue, which also
/// refuses writes once the file has gone) and starts with <c>BEGIN IMMEDIATE</c>, so it holds the file's write lock
/// from its first statement. PostgreSQL locks rows: a write starts a READ COMMITTED transaction and takes no
/// process-wide gate, so operations on different rows run side by side, in one host or several.
/// </remarks>
internal sealed class HostDatabase
{
    private readonly RegistrationDatabase _database;
    private readonly WriteGate? _writeGate;

    /// <summary>A store on <paramref name="database"/>; <paramref name="writeGate"/> is required on SQLite and unused on PostgreSQL.</summary>
    public HostDatabase(RegistrationDatabase database, WriteGate? writeGate)
    {
        if (database.Location.Backend == DatabaseBackend.Sqlite && writeGate is null)
        {
            throw new ArgumentNullException(nameof(writeGate), "a SQLite store needs the process-wide write gate: SQLite has one writer");
        }

        _database = database;
        _writeGate = database.Location.Backend == DatabaseBackend.Sqlite ? writeGate : null;
    }

    /// <summary>The engine the store is on.</summary>
    public DatabaseBackend Backend => _database.Location.Backend;

    /// <summary>Where the store is, for messages (a PostgreSQL password never shows).</summary>
    public string Display => _database.Location.Display;

    /// <summary>Opens a connection for reads, or for a write already inside <see cref="EnterWrite"/>.</summary>
    public DbConnection Open() => _database.OpenDbConnection();

    /// <summary>
    /// Enters the write path: on SQLite, the process-wide writer queue (failing with <c>DatabaseUnavailable</c> once
    /// the file has gone); on PostgreSQL, nothing. Dispose the result when the write has committed or rolled back.
    /// </summary>
    public IDisposable EnterWrite() => _writeGate?.Enter() ?? NoGate.Instance;

    /// <summary>Enters the write path, opens a connection and starts the one write transaction of a top-level operation.</summary>
    public OperationTransaction BeginOperation()
    {
        var writeLock = EnterWrite();
        DbConnection? connection = null;
        try
        {
            connection = Open();
            return new OperationTransaction(connection, BeginWrite(connection), writeLock);
        }
        catch
        {
            connection?.Dispose();
            writeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <see cref="BeginOperation"/> for the top-level HTTP path: the wait for SQLite's writer queue, the connection and
    /// the <c>BEGIN</c> give the thread back, and <paramref name="cancellation"/> ends the wait.
    /// </summary>
    public async Task<OperationTransaction> BeginOperationAsync(CancellationToken cancellation)
    {
        var writeLock = _writeGate is null ? NoGate.Instance : await _writeGate.EnterAsync(cancellation);
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellation);
            var transaction = connection is SqliteConnection
                ? BeginWrite(connection)
                : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellation);
            return new OperationTransaction(connection, transaction, writeLock);
        }
        catch
        {
            connection?.Dispose();
            writeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a connection without holding the thread while PostgreSQL connects (SQLite opens a file: that stays
    /// synchronous, with the registration database's per-connection settings).
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        if (Backend == DatabaseBackend.Sqlite)
        {
            return Open();
        }

        var connection = new Npgsql.NpgsqlConnection(_database.Location.Value);
        try
        {
            await connection.OpenAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a write transaction the backend's way: SQLite <c>BEGIN IMMEDIATE</c> (the write lock before the first
    /// read, so what it read cannot change before it writes); PostgreSQL READ COMMITTED (rows it writes are locked
    /// as it writes them, and a concurrent write of the same row waits for this one to end).
    /// </summary>
    public static DbTransaction BeginWrite(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(deferred: false)
        : connection.BeginTransaction(IsolationLevel.ReadCommitted);

    /// <summary>
    /// The clause that locks the rows a read selects until the transaction ends, for a read that is followed by a write
    /// of the same rows: PostgreSQL <c>FOR UPDATE</c> (under READ COMMITTED a plain read would let two read-merge-writes
    /// of one row both read the old value, and the later write would drop the earlier one's changes); nothing on SQLite,
    /// whose <c>BEGIN IMMEDIATE</c> already holds the one write lock and has no row locks.
    /// </summary>
    public static string LockForUpdate(DbConnection connection) => connection is SqliteConnection ? "" : " FOR UPDATE";

    /// <summary>
    /// The clause that locks the row a queue read selects and passes over rows other transactions hold locked, for claims
    /// made by several claimers at once: PostgreSQL <c>FOR UPDATE SKIP LOCKED</c> (each claimer locks a different row and
    /// none waits for another); nothing on SQLite, where the one writer makes claims take turns.
    /// </summary>
    public static string SkipLocked(DbConnection connection) => connection is SqliteConnection ? "" : " FOR UPDATE SKIP LOCKED";

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }
}
