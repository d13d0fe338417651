using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PluginHost.Tests.Shared;

/// <summary>
/// One temporary PostgreSQL server for the whole test run, started on first use: <c>initdb</c> into a temporary folder
/// (a superuser with a password, scram-sha-256 for TCP connections), <c>pg_ctl start</c> on a free loopback port with its
/// socket in that folder, stopped and deleted by <see cref="PostgresServerShutdown"/> at the end. PostgreSQL refuses to
/// run as root, so as root its programs run as the <c>postgres</c> user. Each test takes a database of its own.
/// A test that stops the server under a running host takes a server of its own (<see cref="StartPrivate"/>), which it
/// may stop and start again and disposes at its end; the shared <see cref="Instance"/> is never stopped by a test.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    /// <summary>The superuser the tests connect as.</summary>
    public const string User = "pluginhost_test";

    private const string RunAs = "postgres";

    private static readonly Lazy<PostgresServer> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asRoot;

    private PostgresServer(string folder, string bin, bool asRoot, int port, string password)
    {
        _folder = folder;
        _bin = bin;
        _asRoot = asRoot;
        Port = port;
        Password = password;
    }

    /// <summary>The running server, started now if this is its first use.</summary>
    public static PostgresServer Instance => Started.Value;

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The superuser's password.</summary>
    public string Password { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string for <paramref name="database"/> (which need not exist).</summary>
    public string ConnectionString(string database, string? password = null) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = User,
            Password = password ?? Password,
            Database = database,
        }.ConnectionString;

    /// <summary>A database name no test has used yet (the database is not created).</summary>
    public static string NewDatabaseName() => $"test_{Guid.NewGuid():N}";

    /// <summary>Creates an empty database of its own for one test; returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = NewDatabaseName();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Stops the server and deletes its folder, if it was started.</summary>
    public static void StopIfStarted()
    {
        if (!Started.IsValueCreated)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var server = Started.Value;
        server.Run("pg_ctl", "-D", server.DataFolder, "-m", "immediate", "-w", "stop");
        Directory.Delete(server._folder, recursive: true);
    }

    /// <summary>A server of the caller's own, on a port of its own: stop and start it at will; dispose it at the end.</summary>
    public static PostgresServer StartPrivate() => Start();

    /// <summary>Stops the server as an administrator would (<c>pg_ctl stop -m fast</c>: sessions are ended, not waited for).</summary>
    public void Stop()
    {
        EnsurePrivate();
        Run("pg_ctl", "-D", DataFolder, "-m", "fast", "-w", "stop");
    }

    /// <summary>Starts the server again after <see cref="Stop"/>, on the same port with the same data.</summary>
    public void Restart()
    {
        EnsurePrivate();
        StartServer();
    }

    /// <summary>Stops a private server (if it runs) and deletes its folder.</summary>
    public void Dispose()
    {
        EnsurePrivate();
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            Run("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void EnsurePrivate()
    {
        if (Started.IsValueCreated && ReferenceEquals(this, Started.Value))
        {
            throw new InvalidOperationException("the shared PostgreSQL server is stopped only at the end of the run: take a server of your own with StartPrivate");
        }
    }

    private void StartServer() =>
        Run(
            "pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-o",
            $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off",
            "start");

    private static PostgresServer Start()
    {
        var bin = FindBin();
        var asRoot = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("pluginhost-pg-").FullName;
        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var passwordFile = Path.Combine(folder, "password");
        File.WriteAllText(passwordFile, password);
        var server = new PostgresServer(folder, bin, asRoot, FreePort(), password);
        if (asRoot)
        {
            RunProcess("chown", ["-R", $"{RunAs}:{RunAs}", folder]);
        }

        server.Run(
            "initdb", "-D", server.DataFolder, "-U", User, $"--pwfile={passwordFile}", "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(passwordFile);
        server.StartServer();
        return server;
    }

    private void Run(string program, params string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        if (_asRoot)
        {
            RunProcess("runuser", ["-u", RunAs, "--", path, .. arguments]);
        }
        else
        {
            RunProcess(path, arguments);
        }
    }

    private static void RunProcess(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{output.Result}{error}");
        }
    }

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> (Debian's layout), else the folder on PATH holding initdb.</summary>
    private static string FindBin()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(folder => (Folder: Path.Combine(folder, "bin"), Version: int.TryParse(Path.GetFileName(folder), out var version) ? version : 0))
                .Where(candidate => File.Exists(Path.Combine(candidate.Folder, "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Folder)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
        return debian ?? onPath ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were found neither in /usr/lib/postgresql/*/bin nor on PATH: the PostgreSQL tests need them. " +
            "Install PostgreSQL (Debian: apt-get install postgresql; .ci/run does it)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
