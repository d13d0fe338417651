using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// A package's life in a running host: updated (PackageFixtures.PluginA 1.0.0 to 1.1.0) while the host runs, its new
/// content live as soon as the host reads the new registrations, within a second; trusted, the old load context's unload
/// verified and counted; the files of a trusted package in the host's plug-in cache read-only, none left open, and gone
/// once the package is unregistered; a sandboxed package never in the host's cache at all.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PackageUpdateTests(string isolation) : HostTestBase(isolation)
{
    private static readonly TimeSpan UnloadWait = TimeSpan.FromSeconds(30);

    private string CacheFolder => Host.Database + ".plugins";

    [Test]
    public async Task PackageUpdate_WhileHostRuns_NewExecutionsGetTheNewContentAndTheOldContextIsUnloaded()
    {
        var entity = NewEntity();
        TestPackages.Register(Host, TestPackages.PluginA, Isolation);
        Host.RegisterStep("--type", "PackageFixtures.PluginA.GreetingPlugin", "--message", "Create", "--entity", entity, "--stage", "20");
        await Host.WaitForRegistrationsAsync();
        await Host.CreateAsync(entity, new { name = "before" });
        var verifiedBefore = (await LoadContextsAsync()).GetProperty("unloadsVerified").GetInt64();

        TestPackages.Update(Host, TestPackages.PluginA, TestPackages.PluginA, "1.1.0");
        // From the moment the update is in the database: the host's pick-up is measured, not pluginreg's start-up.
        var updated = Stopwatch.StartNew();
        await Host.WaitForRegistrationsAsync();
        var pickedUp = updated.Elapsed;
        await Host.CreateAsync(entity, new { name = "after" });
        var unloaded = Isolation == "none" && await Eventually.TrueAsync(async () => (await LoadContextsAsync()).GetProperty("unloadsVerified").GetInt64() > verifiedBefore, UnloadWait);

        var released = (await RecordsAsync(entity)).ToDictionary(record => record.GetProperty("name").GetString()!, record => record.GetProperty("plugin").GetString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(released, Is.EqualTo(new Dictionary<string, string?> { ["after"] = "A 1.1.0", ["before"] = "A 1.0.0" }));
            Assert.That(pickedUp, Is.LessThan(TimeSpan.FromSeconds(1)), "the host runs the new content within a second of the update");
            Assert.That((await LoadContextsAsync()).GetProperty("unloadsFailed").GetInt64(), Is.Zero);
            if (Isolation == "none")
            {
                Assert.That(unloaded, Is.True, "the old load context's unload was verified and counted");
            }
        }
    }

    [Test]
    public async Task PackageUnregister_AfterItRan_CacheFilesReadOnlyNeverLeftOpenAndRemoved()
    {
        var entity = NewEntity();
        var package = TestPackages.Register(Host, TestPackages.PluginB, Isolation);
        Host.RegisterStep("--type", "PackageFixtures.PluginB.GreetingPlugin", "--message", "Create", "--entity", entity, "--stage", "20");
        await Host.WaitForRegistrationsAsync();
        await Host.CreateAsync(entity, new { name = "x" });

        var blobs = package.GetProperty("assemblies").EnumerateArray().Select(assembly => Path.Combine(CacheFolder, "blobs", assembly.GetProperty("sha256").GetString() + ".dll")).ToList();
        var units = Directory.GetDirectories(Path.Combine(CacheFolder, "units"));
        // The cache's .lock is held open on purpose, for the host's life: it keeps a second host off the folder.
        var open = OpenFiles.Under(CacheFolder, Host.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(path => Path.GetFileName(path) != ".lock").ToList();
        var modes = blobs.Where(File.Exists).Select(File.GetUnixFileMode).ToList();

        Host.Reg("package", "unregister", TestPackages.PluginB, "--force");
        await Host.WaitForRegistrationsAsync();
        var removed = await Eventually.TrueAsync(() => !blobs.Any(File.Exists) && Directory.GetDirectories(Path.Combine(CacheFolder, "units")).Length == 0, UnloadWait);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open, Is.Empty, "no plug-in file of the cache stays open in the host");
            if (Isolation == "none")
            {
                Assert.That(units, Has.Length.EqualTo(1), "one unit folder for the package");
                Assert.That(modes, Has.Count.EqualTo(blobs.Count).And.All.EqualTo(UnixFileMode.UserRead), "each file of the package a 0400 blob");
                Assert.That(removed, Is.True, "the package's unit folder and blobs were removed after it was unregistered");
            }
            else
            {
                Assert.That(units, Is.Empty, "a sandboxed package's files go to workers, never to the host's cache");
                Assert.That(modes, Is.Empty);
            }
        }
    }

    private async Task<JsonElement> LoadContextsAsync()
    {
        var (status, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        return stats.GetProperty("loadContexts");
    }
}
