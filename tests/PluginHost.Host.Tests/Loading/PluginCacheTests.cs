using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Tests.Packages;
using PluginHost.Host.Tests.Storage;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Loading;

/// <summary>
/// The host's plug-in cache as an operator meets it: removed while the host runs (it is built again when needed, and a
/// unit already loaded keeps working, its files all read at load), configured to a folder the admin made (its
/// permissions left alone), and shared by mistake with a second host (which stops at start-up naming the folder and
/// the first host's pid). In process on a real SQLite file with PackageFixtures.PluginA registered as a trusted
/// package, and through real host processes for the lock.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PluginCacheTests
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SharedFolder = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private string _folder = null!;
    private RegistrationStore _store = null!;
    private Guid _stepId;

    [SetUp]
    public void RegisterPluginA()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-cache-").FullName;
        var database = Path.Combine(_folder, "store.db");
        _store = TestPackages.Store(database);
        TestPackages.Register(database, TestPackages.PluginA, IsolationMode.None);
        _stepId = _store.RegisterStep(new StepDefinition { PluginType = "PackageFixtures.PluginA.GreetingPlugin", Message = "Create", Entity = "account", Stage = 20 }).Id;
    }

    [TearDown]
    public void DeleteStore()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Enter_CacheFolderRemovedWhileHostRuns_FolderBuiltAgainAndTheNewContentLoads()
    {
        using var steps = Steps();
        var loader = Loader(steps);
        var (first, _) = loader.Enter(steps.Refresh().Steps[_stepId]);
        first.Exit();

        Directory.Delete(loader.Cache.Folder, recursive: true);
        TestPackages.Update(_store.Database.FilePath, TestPackages.PluginA, TestPackages.PluginA, "1.1.0");
        var updated = steps.Refresh().Steps[_stepId];
        var (loaded, step) = loader.Enter(updated);
        var release = loaded.InstanceFor(step).GetType().Assembly.GetName().Version;
        loaded.Exit();
        var unloaded = await Eventually.TrueAsync(() => loader.Counters is { UnloadsVerified: 1, UnloadsPending: 0 }, TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(release, Is.EqualTo(new Version(1, 1, 0, 0)));
            Assert.That(unloaded, Is.True, $"the old context's unload was verified and the cache pruned: {loader.Counters}");
            Assert.That(loader.Cache.Units, Is.EqualTo(new[] { updated.Unit.Key }));
            Assert.That(File.GetUnixFileMode(loader.Cache.Folder), Is.EqualTo(PrivateFolder), "a folder the cache creates is private");
        }
    }

    [Test]
    public void Enter_CacheFolderRemovedAfterALoad_TheUnitsDependencyStillLoads()
    {
        using var steps = Steps();
        var loader = Loader(steps);
        var step = steps.Refresh().Steps[_stepId];
        var (loaded, _) = loader.Enter(step);
        var context = AssemblyLoadContext.GetLoadContext(loaded.InstanceFor(step).GetType().Assembly)!;

        // Nothing of the plug-in has used its dependency yet: without every file read at load, this would read the cache.
        Directory.Delete(loader.Cache.Folder, recursive: true);
        var dependency = context.LoadFromAssemblyName(new AssemblyName("PackageFixtures.Greeting"));
        loaded.Exit();

        Assert.That(AssemblyLoadContext.GetLoadContext(dependency), Is.SameAs(context));
    }

    [Test]
    public void Open_FolderTheAdminConfigured_ItsPermissionsKept()
    {
        var configured = Path.Combine(_folder, "configured-cache");
        Directory.CreateDirectory(configured);
        File.SetUnixFileMode(configured, SharedFolder);

        var cache = new PluginCache(_store, Options.Create(new PluginHostOptions { PluginCacheFolder = configured }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cache.Folder, Is.EqualTo(configured));
            Assert.That(File.GetUnixFileMode(configured), Is.EqualTo(SharedFolder), "a folder the cache did not create keeps its mode");
            Assert.That(File.GetUnixFileMode(Path.Combine(configured, "blobs")), Is.EqualTo(PrivateFolder));
            Assert.That(File.GetUnixFileMode(Path.Combine(configured, "units")), Is.EqualTo(PrivateFolder));
        }
    }

    [Test]
    public async Task SecondHost_SameCacheFolder_StopsAtStartUpWithOneLineNamingTheFolderAndTheFirstHost()
    {
        var cache = Path.Combine(_folder, "shared-cache");
        var settings = new Dictionary<string, string> { ["PluginHost__PluginCacheFolder"] = cache };
        var first = await HostProcess.StartAsync(settings);
        try
        {
            var (exitCode, stdout, stderr) = await StartupFaultTests.RunHostToExitAsync(Path.Combine(_folder, "second.db"), _folder, settings: settings);
            var (status, _) = await first.SendAsync(HttpMethod.Get, "/health");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(exitCode, Is.EqualTo(1), stdout);
                Assert.That(stderr.Trim(), Is.EqualTo($"error: the host cannot start: plug-in cache folder '{cache}' is in use by another PluginHost (pid {first.Pid})"));
                Assert.That(status, Is.EqualTo(System.Net.HttpStatusCode.OK), "the first host stopped serving");
                Assert.That(Directory.Exists(Path.Combine(cache, "blobs")), Is.True, "the second host left the first's cache alone");
            }
        }
        finally
        {
            await first.DisposeAsync();
            first.DeleteFolder();
        }
    }

    private StepIndexProvider Steps() =>
        new(_store, Options.Create(new PluginHostOptions()), new LogThrottle(TimeProvider.System), NullLogger<StepIndexProvider>.Instance);

    private InProcessLoader Loader(StepIndexProvider steps) =>
        new(_store, steps, new PluginStatistics(), Options.Create(new PluginHostOptions()), NullLogger<InProcessLoader>.Instance);
}
