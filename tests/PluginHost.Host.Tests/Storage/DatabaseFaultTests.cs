using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// Faults of the database file and of start-up, as an operator meets them: each ends in a clear answer (a refusal to
/// start with one <c>error:</c> line and exit code 1, or 503 from a running host), never a quiet exit 0, a crash or a
/// write that goes nowhere.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DatabaseFaultTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task SecondHost_SameDatabase_RefusedNamingTheFirstWhilePluginRegStillWorks()
    {
        var first = await HostProcess.StartAsync();
        try
        {
            var (exitCode, stdout, stderr) = await RunHostToExitAsync(first.Database, first.Folder);
            first.Reg("message", "register", "acme_StillWorks");
            var (status, _) = await first.SendAsync(HttpMethod.Get, "/health");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(exitCode, Is.EqualTo(1), stdout);
                Assert.That(stderr.Trim(), Is.EqualTo($"error: database '{first.Database}' is in use by another PluginHost (pid {first.Pid}): run one host per SQLite database"));
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the first host stopped serving");
            }
        }
        finally
        {
            await first.DisposeAsync();
            first.DeleteFolder();
        }
    }

    [Test]
    public async Task NewDatabase_CreatedByTheHost_ItsFilesAreOwnerOnly()
    {
        var host = await HostProcess.StartAsync();
        try
        {
            await host.CreateAsync("account", new { name = "x" });

            using (Assert.EnterMultipleScope())
            {
                foreach (var file in new[] { host.Database, host.Database + "-wal", host.Database + "-shm", host.Database + ".lock" })
                {
                    Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly), file);
                }
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    [TestCase("deleted")]
    [TestCase("replaced")]
    public async Task DatabaseFile_GoneWhileRunning_HealthAndEveryRequestAnswer503(string how)
    {
        var host = await HostProcess.StartAsync();
        try
        {
            var id = await host.CreateAsync("account", new { name = "before" });
            if (how == "deleted")
            {
                foreach (var file in new[] { host.Database, host.Database + "-wal", host.Database + "-shm" })
                {
                    File.Delete(file);
                }
            }
            else
            {
                // A restore from a backup: another file (another inode) at the same path.
                File.Copy(host.Database, host.Database + ".copy");
                File.Move(host.Database + ".copy", host.Database, overwrite: true);
            }

            var health = await WaitForHealthAsync(host, HttpStatusCode.ServiceUnavailable);
            var (createStatus, created) = await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "after" });
            var (readStatus, read) = await host.SendAsync(HttpMethod.Get, $"/api/entities/account/{id}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                Assert.That(health.GetProperty("reason").GetString(), Does.Contain(host.Database).And.Contain("deleted, moved or replaced"));
                Assert.That(createStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), created.ToString);
                Assert.That(created.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("DatabaseUnavailable"));
                Assert.That(Guid.TryParse(created.GetProperty("error").GetProperty("correlationId").GetString(), out _), Is.True);
                Assert.That(readStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), read.ToString);
                Assert.That(host.HasExited, Is.False, "the host died instead of answering");
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    [Test]
    public async Task DatabaseFile_TruncatedWhileRunning_HostAnswersEveryRequestAndKeepsRunning()
    {
        var host = await HostProcess.StartAsync();
        try
        {
            for (var index = 0; index < 20; index++)
            {
                await host.CreateAsync("account", new { index });
            }

            // With the file memory-mapped, reading a page past the new end would be a SIGBUS and the end of the host.
            await using (var file = new FileStream(host.Database, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                file.SetLength(0);
            }

            var statuses = new List<HttpStatusCode>();
            for (var index = 0; index < 10; index++)
            {
                statuses.Add((await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { index })).Status);
                statuses.Add((await host.SendAsync(HttpMethod.Get, "/api/entities/account?top=50")).Status);
            }

            var (health, _) = await host.SendAsync(HttpMethod.Get, "/health");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(host.HasExited, Is.False, "the host crashed");
                Assert.That(health, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(statuses, Has.All.Not.EqualTo(HttpStatusCode.InternalServerError), string.Join(", ", statuses));
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

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
    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunHostToExitAsync(
        string database, string folder, int? port = null, string? hostDll = null, int? asUser = null)
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

    private static async Task<JsonElement> WaitForHealthAsync(HostProcess host, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (status, body) = await host.SendAsync(HttpMethod.Get, "/health");
            if (status == expected)
            {
                return body;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"/health still answers {status}: {body}");
            await Task.Delay(50);
        }
    }
}
