using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.Sqlite;
using PluginHost.Benchmarks.Harness;
using PluginHost.Tests.Shared;

namespace PluginHost.Benchmarks.Setup;

/// <summary>What every figure shares: options, a private temporary folder, the built test plug-in, progress output.</summary>
internal sealed class BenchContext : IDisposable
{
    /// <summary>Longest warm-up of one figure: tier-up of a fresh process took 8–10 s on the 2-core VM.</summary>
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lazy<string?> _postgres;

    public BenchContext(BenchOptions options)
    {
        Options = options;
        RepoRoot = Metadata("RepoRoot");
        SandboxRunnerPath = Metadata("SandboxRunnerPath");
        Folder = Directory.CreateTempSubdirectory("pluginhost-bench-").FullName;
        NoOpPluginPath = TestPlugin("NoOp", "TestPlugins.NoOp");
        NoOp462PluginPath = TestPlugin("NoOp462", "TestPlugins.NoOp");
        PipelinePluginPath = TestPlugin("Pipeline", "TestPlugins.Pipeline");
        HostDll = Metadata("HostDll");
        KeyFile = Path.Combine(Folder, "pluginhost.key");
        _postgres = new Lazy<string?>(StartPostgres);
        PluginAPackagePath = Path.Combine(RepoRoot, "artifacts", "testpackages", "PackageFixtures.PluginA.1.0.0.nupkg");
        if (!File.Exists(PluginAPackagePath))
        {
            throw new FileNotFoundException($"the test package is missing at {PluginAPackagePath}: build the solution first (./build.sh --target=Build)");
        }
    }

    public BenchOptions Options { get; }

    /// <summary>The folder holding sandboxrunner.dll, as the host's build lays it out.</summary>
    public string SandboxRunnerPath { get; }

    public string RepoRoot { get; }

    /// <summary>A private temporary folder, deleted at the end.</summary>
    public string Folder { get; }

    /// <summary>tests/TestPlugins/NoOp as built: a plug-in whose Execute does nothing.</summary>
    public string NoOpPluginPath { get; }

    /// <summary>tests/TestPlugins/NoOp462 as built: the same plug-in compiled for .NET Framework 4.6.2, strong-named.</summary>
    public string NoOp462PluginPath { get; }

    /// <summary>
    /// tests/TestPlugins/Packages/PluginA as packed by the build: the plug-in PackageFixtures.PluginA with its dependency
    /// PackageFixtures.Greeting in lib/net10.0/.
    /// </summary>
    public string PluginAPackagePath { get; }

    /// <summary>tests/TestPlugins/Pipeline as built: single-behaviour plug-ins, among them TestPlugins.Pipeline.Sleeper.</summary>
    public string PipelinePluginPath { get; }

    /// <summary>The host's build output (pluginhost.dll), started as a process by the scale-out figures.</summary>
    public string HostDll { get; }

    /// <summary>The key file of the PostgreSQL databases (PostgreSQL keeps none beside the database): the same for every host.</summary>
    public string KeyFile { get; }

    /// <summary>
    /// Why the PostgreSQL figures cannot be measured here (no initdb, or the server would not start), or null when
    /// the run's temporary server is up. The server starts on first use and stops with this context.
    /// </summary>
    public string? PostgresUnavailable => _postgres.Value;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// The plan for a figure: the full one, warming up until the JIT is done (at most <see cref="SettleLimit"/>), or a
    /// few rounds under --quick.
    /// </summary>
    public RoundPlan Plan(int warmupRounds, int rounds, int operationsPerRound) =>
        Options.Quick
            ? new RoundPlan(1, 4, Math.Max(1, operationsPerRound / 10), TimeSpan.Zero)
            : new RoundPlan(warmupRounds, rounds, operationsPerRound, SettleLimit);


    /// <summary>A count of repetitions: the full one, or a tenth under --quick.</summary>
    public int Count(int full) => Options.Quick ? Math.Max(3, full / 10) : full;

    /// <summary>Opens the product's engine on a new database in the temporary folder; register, then start it.</summary>
    public BenchEngine NewEngine(string name) => BenchEngine.Open(Path.Combine(Folder, name + ".db"), SandboxRunnerPath);

    /// <summary>A new, empty database on the run's temporary PostgreSQL server; its connection string.</summary>
    public string NewPostgresDatabase() =>
        PostgresUnavailable is null ? PostgresServer.Instance.CreateDatabase() : throw new InvalidOperationException(PostgresUnavailable);

    /// <summary>
    /// Opens the product's engine on <paramref name="connectionString"/> (a database of <see cref="NewPostgresDatabase"/>),
    /// with <see cref="KeyFile"/> and a plug-in cache folder of its own, as a host on PostgreSQL needs.
    /// </summary>
    public BenchEngine NewPostgresEngine(string connectionString, string name) =>
        BenchEngine.Open(connectionString, SandboxRunnerPath, KeyFile, Directory.CreateDirectory(Path.Combine(Folder, name + ".plugins")).FullName);

    public void Progress(string message) => Console.WriteLine($"[{Elapsed.TotalSeconds,6:0.0}s] {message}");

    private static string Metadata(string key) =>
        typeof(BenchContext).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;

    public void Dispose()
    {
        // Pooled SQLite connections hold the files open; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        if (_postgres.IsValueCreated && _postgres.Value is null)
        {
            PostgresServerShutdown.Stop();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"note: could not delete {Folder}: {exception.Message}");
        }
    }

    private string TestPlugin(string project, string assembly)
    {
        var path = Path.Combine(RepoRoot, "artifacts", "testplugins", project, assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"the test plug-in {assembly} is missing at {path}: build the solution first (./build.sh --target=Build)");
    }

    private string? StartPostgres()
    {
        try
        {
            var server = PostgresServer.Instance;
            Progress($"PostgreSQL: a temporary server on 127.0.0.1:{server.Port} (fsync and synchronous_commit off, as in the tests)");
            return null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or Npgsql.NpgsqlException)
        {
            // No initdb here, or it failed: the PostgreSQL figures are skipped with this reason, the others still run.
            var message = string.Join(' ', exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var reason = $"PostgreSQL is not available here: {message}";
            Progress($"{reason}; the PostgreSQL figures are reported as null (skipped)");
            return reason;
        }
    }
}
