using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// A host that cannot start says why in one <c>error:</c> line on stderr and exits 1: never a stack trace, never a
/// quiet exit 0.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class StartupFaultTests
{
    [Test]
    public async Task Start_PortInUse_ExitsOneWithOneErrorLine()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var (exitCode, _, stderr) = await RunHostToExitAsync(Path.Combine(folder, "pluginhost.db"), folder, ((IPEndPoint)listener.LocalEndpoint).Port);

            AssertOneErrorLine(exitCode, stderr, "address already in use");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Start_WalCannotBeCreated_ExitsOneWithOneErrorLine()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        try
        {
            var database = Path.Combine(folder, "pluginhost.db");
            Registration.Store.RegistrationDatabase.Open(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // Where SQLite must create the write-ahead log stands a folder: as unwritable as it gets, even for root.
            Directory.CreateDirectory(database + "-wal");
            var (exitCode, _, stderr) = await RunHostToExitAsync(database, folder);

            AssertOneErrorLine(exitCode, stderr, $"cannot open database '{database}'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Start_DatabaseIsNotADatabase_ExitsOneWithOneErrorLine()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        try
        {
            var database = Path.Combine(folder, "pluginhost.db");
            await File.WriteAllTextAsync(database, new string('x', 8192));

            var (exitCode, _, stderr) = await RunHostToExitAsync(database, folder);

            AssertOneErrorLine(exitCode, stderr, $"cannot open database '{database}'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Start_PostgreSqlServerNotListening_ExitsOneWithOneErrorLineThatHidesThePassword()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        try
        {
            // A port just freed: nothing listens there.
            var database = $"postgresql://pluginhost:s3cret-word@127.0.0.1:{HostProcess.FreePort()}/pluginhost";
            var (exitCode, _, stderr) = await RunHostToExitAsync(database, folder, settings: new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = Path.Combine(folder, "pluginhost.key"),
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
            });

            AssertOneErrorLine(exitCode, stderr, "127.0.0.1");
            Assert.That(stderr, Does.Not.Contain("s3cret-word"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Start_DatabaseFileReadOnlyForTheHostsUser_ExitsOneWithOneErrorLine()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-fault-").FullName;
        try
        {
            var database = Path.Combine(folder, "pluginhost.db");
            Registration.Store.RegistrationDatabase.Open(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            int? asUser = null;
            var hostDll = Paths.HostDll;
            if (Environment.IsPrivilegedProcess)
            {
                // Root writes any file: the host runs as nobody, in a folder nobody may write (for -wal, -shm and the
                // lock), on a database file only root may write.
                asUser = 65534;
                hostDll = CopyHost(Path.Combine(folder, "host"));
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
                File.SetUnixFileMode(database, (UnixFileMode)0b110_100_100);
            }
            else
            {
                File.SetUnixFileMode(database, UnixFileMode.UserRead);
            }

            var (exitCode, _, stderr) = await RunHostToExitAsync(database, folder, hostDll: hostDll, asUser: asUser);

            AssertOneErrorLine(exitCode, stderr, $"database '{database}' is read-only for this user");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A copy of the host's folder that any user can read and run, for a host started as nobody.</summary>
    private static string CopyHost(string target)
    {
        var source = Path.GetDirectoryName(Paths.HostDll)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Append(target))
        {
            File.SetUnixFileMode(entry, File.GetUnixFileMode(entry) | UnixFileMode.OtherRead | UnixFileMode.GroupRead
                | (Directory.Exists(entry) ? UnixFileMode.OtherExecute | UnixFileMode.GroupExecute : 0));
        }

        return Path.Combine(target, Path.GetFileName(Paths.HostDll));
    }

    private static void AssertOneErrorLine(int exitCode, string stderr, string fragment)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), stderr);
            Assert.That(lines, Has.Length.EqualTo(1), stderr);
            Assert.That(lines, Has.All.StartsWith("error: ").And.All.Contain(fragment), stderr);
            Assert.That(stderr, Does.Not.Contain("   at "), "a stack trace");
        }
    }

    /// <summary>Starts pluginhost on <paramref name="database"/> and waits for it to end by itself (it is killed after a minute).</summary>
    internal static async Task<(int ExitCode, string StdOut, string StdErr)> RunHostToExitAsync(
        string database, string folder, int? port = null, string? hostDll = null, int? asUser = null, IDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo(asUser is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        var prefix = asUser is { } uid ? [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "dotnet"] : Array.Empty<string>();
        foreach (var argument in prefix.Concat([hostDll ?? Paths.HostDll, "--db", database, "--urls", $"http://127.0.0.1:{port ?? HostProcess.FreePort()}"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PLUGINHOST_DB");
        start.Environment["PluginHost__Sandbox__Workers"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pluginhost did not stop by itself:\n{await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
