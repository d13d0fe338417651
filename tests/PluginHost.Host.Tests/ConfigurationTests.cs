using System.Diagnostics;

namespace PluginHost.Host.Tests;

/// <summary>
/// A setting the host cannot run with stops it at start-up with one line naming the setting and the value, exit code
/// 1 and no stack trace, before it creates the database or starts a worker.
/// </summary>
[TestFixture]
internal sealed class ConfigurationTests
{
    [TestCase("PluginHost__Sandbox__MemoryLimitMb", "0", "error: PluginHost:Sandbox:MemoryLimitMb must be from 32 to 1048576, not 0")]
    [TestCase("PluginHost__Sandbox__MemoryLimitMb", "-5", "error: PluginHost:Sandbox:MemoryLimitMb must be from 32 to 1048576, not -5")]
    [TestCase("PluginHost__Sandbox__MemoryLimitMb", "lots", "error: Failed to convert configuration value 'lots' at 'PluginHost:Sandbox:MemoryLimitMb' to type 'System.Int32'.")]
    [TestCase("PluginHost__Sandbox__ExecutionTimeoutSeconds", "0", "error: PluginHost:Sandbox:ExecutionTimeoutSeconds must be from 1 to 86400, not 0")]
    [TestCase("PluginHost__Sandbox__MaxWorkers", "0", "error: PluginHost:Sandbox:MaxWorkers must be from 1 to 1024, not 0")]
    [TestCase("PluginHost__Sandbox__MaxFrameMegabytes", "4096", "error: PluginHost:Sandbox:MaxFrameMegabytes must be from 1 to 1024, not 4096")]
    [TestCase("PluginHost__Sandbox__MaxExecutionsPerWorker", "0", "error: PluginHost:Sandbox:MaxExecutionsPerWorker must be at least 1, not 0")]
    [TestCase("PluginHost__MaxDepth", "0", "error: PluginHost:MaxDepth must be from 1 to 1000, not 0")]
    [TestCase("PluginHost__ServiceEndpointTimeoutSeconds", "0", "error: PluginHost:ServiceEndpointTimeoutSeconds must be from 1 to 3600, not 0")]
    [TestCase("PluginHost__TraceLog", "7", "error: PluginHost:TraceLog must be Off, Exception or All, not 7")]
    [TestCase("PluginHost__OrganizationName", " ", "error: PluginHost:OrganizationName must not be empty")]
    [TestCase("PluginHost__Jobs__Concurrency", "-1", "error: PluginHost:Jobs:Concurrency must be from 1 to 1024, not -1")]
    [TestCase("PluginHost__MaxRequestBodyMb", "0", "error: PluginHost:MaxRequestBodyMb must be from 1 to 1024, not 0")]
    [TestCase("PluginHost__MaxPageSize", "50001", "error: PluginHost:MaxPageSize must be from 1 to 50000, not 50001")]
    public async Task Start_SettingOutOfRange_RefusesWithTheSettingAndValue(string variable, string value, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-config-").FullName;
        try
        {
            var database = Path.Combine(folder, "pluginhost.db");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            foreach (var argument in new[] { Paths.HostDll, "--db", database, "--urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("PLUGINHOST_DB");
            start.Environment[variable] = value;
            using var host = Process.Start(start)!;
            var stdout = host.StandardOutput.ReadToEndAsync();
            var stderr = host.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.WaitForExitAsync(cancel.Token);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(host.ExitCode, Is.EqualTo(1));
                Assert.That((await stderr).Trim(), Is.EqualTo(expected));
                Assert.That(await stdout, Is.Empty, "nothing started");
                Assert.That(File.Exists(database), Is.False, "the database was not created");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
