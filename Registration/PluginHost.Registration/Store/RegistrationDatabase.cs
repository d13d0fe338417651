using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Secrets;

namespace PluginHost.Registration.Store;

/// <summary>
/// The registration database shared by the CLI, the host and the tests: a SQLite file (opened in WAL mode with a busy
/// timeout) or a PostgreSQL database, migrated forward to the current schema on first use.
/// </summary>
public sealed partial class RegistrationDatabase
{
    /// <summary>The environment variable that names the database when no path is given.</summary>
    public const string PathVariable = DatabaseLocation.Variable;

    /// <summary>The embedded default database, relative to the working directory.</summary>
    public const string DefaultPath = DatabaseLocation.DefaultPath;

    private const int BusyTimeoutMilliseconds = 10_000;

    // Opening with ReadWriteCreate only while migrating: afterwards a database file deleted under a running process
    // must make opens fail, not silently create an empty database in its place. PostgreSQL: both are the same.
    private readonly string _createConnectionString;
    private readonly string _connectionString;

    // The physical connections (pooled underneath SqliteConnection) that already have their settings: a pooled open
    // hands back the same native handle, whose settings last as long as it does.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    private RegistrationDatabase(DatabaseLocation location, string keyFile)
    {
        Location = location;
        Dialect = SqlDialect.For(location.Backend);
        Secrets = new SecretBox(new SecretKeyFile(keyFile));
        if (location.Backend == DatabaseBackend.PostgreSql)
        {
            _createConnectionString = _connectionString = location.Value;
            return;
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = location.Value,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        _createConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
    }

    /// <summary>Where the database is, and on which backend.</summary>
    public DatabaseLocation Location { get; }

    /// <summary>The full path of the SQLite database file.</summary>
    /// <exception cref="InvalidOperationException">The database is on PostgreSQL: it has no file.</exception>
    public string FilePath => Location.Backend == DatabaseBackend.Sqlite
        ? Location.Value
        : throw new InvalidOperationException($"database '{Location.Display}' is on PostgreSQL and has no file");

    /// <summary>True when this process can only read the database file (its permissions or its owner say so); false on PostgreSQL.</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Seals and opens the secrets kept in this database, with the key of its key file.</summary>
    public SecretBox Secrets { get; }

    internal SqlDialect Dialect { get; }

    /// <summary>The SQLite schema version this program writes.</summary>
    public static int SchemaVersion => Migrations.All.Count;

    /// <summary>
    /// Opens the database at <paramref name="pathOrConnectionString"/> (a SQLite file path, or a PostgreSQL URL or
    /// connection string: see <see cref="DatabaseLocation.Parse"/>); see <see cref="Open(DatabaseLocation, string?)"/>.
    /// </summary>
    /// <exception cref="RegistrationException">The location cannot be read, or the database cannot be opened or migrated.</exception>
    public static RegistrationDatabase Open(string pathOrConnectionString, string? keyFile = null) =>
        Open(DatabaseLocation.Parse(pathOrConnectionString), keyFile);

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="location"/>, applies pending migrations and encrypts any
    /// secret still stored in plain text (from a version before encryption) with the key in <paramref name="keyFile"/>.
    /// The key file defaults to <c>PLUGINHOST_KEY_FILE</c>, else, for SQLite, the database path + <c>.key</c>; a
    /// PostgreSQL database, shared by processes on several machines, has no such place: one of the two must be given.
    /// </summary>
    /// <exception cref="RegistrationException">The database cannot be opened or migrated, or is newer than this program.</exception>
    public static RegistrationDatabase Open(DatabaseLocation location, string? keyFile = null) =>
        location.Backend == DatabaseBackend.PostgreSql ? OpenPostgreSql(location, keyFile) : OpenSqlite(location, keyFile);

    private static RegistrationDatabase OpenSqlite(DatabaseLocation location, string? keyFile)
    {
        var fullPath = location.Value;
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new RegistrationException($"the folder of database '{fullPath}' does not exist");
        }

        CreatePrivately(fullPath);
        var database = new RegistrationDatabase(location, SecretKeyFile.ResolvePath(fullPath, keyFile));
        try
        {
            database.Migrate();
            database.SealPlaintextSecrets();
        }
        catch (SqliteException exception)
        {
            throw new RegistrationException($"cannot open database '{fullPath}': {Describe(exception, fullPath)}");
        }

        return database;
    }

    /// <summary>Unix permissions of a database file PluginHost creates: owner read and write only.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the database file with mode 0600 before SQLite opens it, if it does not exist: SQLite would create it
    /// with 0644 less the umask, readable by every local user. SQLite gives its <c>-wal</c> and <c>-shm</c> files the
    /// main file's permissions, so they are private too.
    /// </summary>
    private static void CreatePrivately(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
                UnixCreateMode = PrivateFileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: it is theirs, with their permissions.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot create database '{path}': {exception.Message}");
        }
    }

    /// <summary>SQLite's words for a failed open, with what usually causes them on a file that exists.</summary>
    private static string Describe(SqliteException exception, string path)
    {
        var folder = Path.GetDirectoryName(path);
        return exception.SqliteErrorCode switch
        {
            8 => $"{exception.Message} (the file or its folder is read-only: PluginHost writes the database and creates '{Path.GetFileName(path)}-wal' and '-shm' beside it in '{folder}')",
            14 => $"{exception.Message} (check that the file and its folder '{folder}' can be read and written: SQLite creates '{Path.GetFileName(path)}-wal' and '-shm' there)",
            _ => exception.Message,
        };
    }

    /// <summary>
    /// Opens a SQLite connection with the per-connection settings (busy timeout, synchronous, foreign keys) applied. They
    /// are set once per physical connection, not on every pooled open: three PRAGMAs per open cost 7 µs against 0.4 µs
    /// for the open itself, on every pipeline operation.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database is on PostgreSQL: use <see cref="OpenDbConnection"/>.</exception>
    public SqliteConnection OpenConnection() => Location.Backend == DatabaseBackend.Sqlite
        ? Connect(_connectionString)
        : throw new InvalidOperationException($"database '{Location.Display}' is on PostgreSQL: open it with OpenDbConnection");

    /// <summary>Opens a connection on either backend (SQLite with its settings applied, as <see cref="OpenConnection"/>).</summary>
    public DbConnection OpenDbConnection()
    {
        if (Location.Backend == DatabaseBackend.Sqlite)
        {
            return Connect(_connectionString);
        }

        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            // mmap_size 0: reads go through read(), so a database file truncated under a running process gives an I/O
            // error, never a SIGBUS from a mapped page past the end of the file (0 is SQLite's default; saying it keeps
            // a build that maps by default from changing that).
            connection.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 0;");
            _configured.AddOrUpdate(handle, handle);
        }

        return connection;
    }

    /// <summary>The registration revision: it grows whenever any process changes a registration.</summary>
    public long ReadRevision()
    {
        using var connection = OpenDbConnection();
        return connection.ExecuteScalar<long>("SELECT revision FROM registration_state WHERE id = 1");
    }

    private void Migrate()
    {
        using var connection = Connect(_createConnectionString);
        connection.Execute("PRAGMA journal_mode = WAL;");

        // SQLite opens a file it may not write read-only without a word, and reads work: say so now, not at the
        // first write (the host refuses to start on it; pluginreg's reads still work).
        IsReadOnly = SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1;

        // A migration that rebuilds a table others refer to (7: assemblies) must run with foreign keys off, or dropping
        // the old table would cascade into plugin_types. The PRAGMA is a no-op inside a transaction, so it is set
        // around it; the keys are checked before the commit instead, and turned back on for the pooled connection.
        connection.Execute("PRAGMA foreign_keys = OFF;");
        try
        {
            // BEGIN IMMEDIATE takes the write lock before reading the version, so two processes starting on a new
            // file cannot both apply migration 1.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = connection.ExecuteScalar<int>("PRAGMA user_version", transaction: transaction);
            if (current > Migrations.All.Count)
            {
                throw new RegistrationException(
                    $"database '{FilePath}' has schema version {current}, newer than this program's {Migrations.All.Count}: use a newer PluginHost");
            }

            for (var version = current + 1; version <= Migrations.All.Count; version++)
            {
                connection.Execute(Migrations.All[version - 1], transaction: transaction);
                if (version == 1)
                {
                    connection.Execute(
                        "INSERT INTO disallowed_apis (pattern, reason) VALUES (@Pattern, @Reason)",
                        DefaultDisallowedApis.All,
                        transaction);
                }

                connection.Execute($"PRAGMA user_version = {version}", transaction: transaction);
            }

            // Only a migration can break a reference (foreign keys are on for every other write), and the check reads
            // every row of every table with a foreign key: an open of a current database, as each CLI call and host
            // poll makes, skips it.
            if (current < Migrations.All.Count)
            {
                var broken = connection.Query<(string Table, long? RowId, string Parent)>(
                        "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check", transaction: transaction)
                    .ToList();
                if (broken.Count > 0)
                {
                    throw new RegistrationException(
                        $"database '{FilePath}' cannot be migrated: {broken.Count} row(s) refer to rows that do not exist (first: {broken[0].Table} row {broken[0].RowId} refers to {broken[0].Parent}); nothing was changed");
                }
            }

            transaction.Commit();
        }
        finally
        {
            connection.Execute("PRAGMA foreign_keys = ON;");
        }
    }
}
