using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// The in-process loader on a real SQLite file with PackageFixtures.PluginA registered as a trusted package: the
/// package is one load unit (the plug-in and its dependency in one context), laid out in the host's plug-in cache, and
/// an update retires the old context, whose unload is verified, and removes its files from the cache.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PackageLoaderTests
{
    private static readonly TimeSpan UnloadWait = TimeSpan.FromSeconds(30);

    private string _folder = null!;
    private RegistrationStore _store = null!;
    private StepIndexProvider _steps = null!;
    private InProcessLoader _loader = null!;
    private Guid _stepId;

    [SetUp]
    public void RegisterPluginA()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-packages-").FullName;
        var database = Path.Combine(_folder, "store.db");
        _store = TestPackages.Store(database);
        TestPackages.Register(database, TestPackages.PluginA, IsolationMode.None);
        _stepId = _store.RegisterStep(new StepDefinition { PluginType = "PackageFixtures.PluginA.GreetingPlugin", Message = "Create", Entity = "account", Stage = 20 }).Id;
        var options = Options.Create(new PluginHostOptions());
        _steps = new StepIndexProvider(_store, options, new LogThrottle(TimeProvider.System), NullLogger<StepIndexProvider>.Instance);
        _loader = new InProcessLoader(_store, _steps, new PluginStatistics(), options, NullLogger<InProcessLoader>.Instance);
        _steps.Refresh();
    }

    [TearDown]
    public void DeleteStore()
    {
        _steps.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Enter_PackagedStep_PluginAndDependencyInOneContextFromTheCache()
    {
        var step = _steps.Current.Steps[_stepId];

        var (loaded, _) = _loader.Enter(step);
        var plugin = loaded.InstanceFor(step);
        var context = AssemblyLoadContext.GetLoadContext(plugin.GetType().Assembly)!;
        var dependency = context.LoadFromAssemblyName(new System.Reflection.AssemblyName("PackageFixtures.Greeting"));
        loaded.Exit();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(step.Unit.IsPackage, Is.True);
            Assert.That(step.Unit.Files.Select(file => file.FileName), Is.EquivalentTo(new[] { "PackageFixtures.Greeting.dll", "PackageFixtures.PluginA.dll" }));
            Assert.That(context.IsCollectible, Is.True);
            Assert.That(AssemblyLoadContext.GetLoadContext(dependency), Is.SameAs(context), "the dependency comes from the package, into the plug-in's context");
            Assert.That(_loader.Cache.Folder, Is.EqualTo(_store.Database.FilePath + ".plugins"));
            Assert.That(_loader.Cache.Units, Is.EqualTo(new[] { step.Unit.Key }));
        }
    }

    [Test]
    public async Task PackageUpdate_AfterALoad_NewContentLoadedOldContextUnloadedAndItsFilesRemoved()
    {
        var before = _steps.Current.Steps[_stepId];
        var (old, _) = _loader.Enter(before);
        var oldType = old.InstanceFor(before).GetType().FullName;
        old.Exit();

        TestPackages.Update(_store.Database.FilePath, TestPackages.PluginA, TestPackages.PluginA, "1.1.0");
        var after = _steps.Refresh().Steps[_stepId];
        var (current, _) = _loader.Enter(after);
        var release = current.InstanceFor(after).GetType().Assembly.GetName().Version;
        current.Exit();
        var unloaded = await Eventually.TrueAsync(() => _loader.Counters is { UnloadsVerified: 1, UnloadsPending: 0 }, UnloadWait);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Unit.Key, Is.Not.EqualTo(before.Unit.Key));
            Assert.That(oldType, Is.EqualTo("PackageFixtures.PluginA.GreetingPlugin"));
            Assert.That(release, Is.EqualTo(new Version(1, 1, 0, 0)));
            Assert.That(unloaded, Is.True, $"the old context's unload was verified: {_loader.Counters}");
            Assert.That(_loader.Counters.UnloadsFailed, Is.Zero);
            Assert.That(_loader.Cache.Units, Is.EqualTo(new[] { after.Unit.Key }), "the old unit's folder is gone");
            Assert.That(Directory.GetFiles(Path.Combine(_loader.Cache.Folder, "blobs")), Has.Length.EqualTo(2), "the new plug-in and the Greeting blob both units shared");
        }
    }

    [Test]
    public void Enter_StaleStepDuringAnUpdate_RunsTheNewerUnitAndLeavesItLoaded()
    {
        var stale = _steps.Current.Steps[_stepId];
        TestPackages.Update(_store.Database.FilePath, TestPackages.PluginA, TestPackages.PluginA, "1.1.0");
        var current = _steps.Refresh().Steps[_stepId];
        var (newer, _) = _loader.Enter(current);
        newer.Exit();

        // A request that read the step index before the update reaches the loader after the newer unit was loaded.
        var (ran, ranStep) = _loader.Enter(stale);
        var release = ran.InstanceFor(ranStep).GetType().Assembly.GetName().Version;
        ran.Exit();
        var (next, _) = _loader.Enter(current);
        next.Exit();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ran, Is.SameAs(newer), "the stale step ran on the newer unit");
            Assert.That(ranStep.Unit.Key, Is.EqualTo(current.Unit.Key));
            Assert.That(release, Is.EqualTo(new Version(1, 1, 0, 0)));
            Assert.That(next, Is.SameAs(newer), "the newer unit is still the loaded one");
            Assert.That(_loader.Counters, Is.EqualTo((1L, 0L, 0L, 0L)), "one load, nothing retired or unloaded");
            Assert.That(_loader.Cache.Units, Is.EqualTo(new[] { current.Unit.Key }));
        }
    }

    [Test]
    public async Task PackageUnregister_AfterALoad_ContextUnloadedAndCacheEmptied()
    {
        var step = _steps.Current.Steps[_stepId];
        var (loaded, _) = _loader.Enter(step);
        loaded.InstanceFor(step);
        loaded.Exit();

        _store.RemovePackage(TestPackages.PluginA, force: true);
        _steps.Refresh();
        var unloaded = await Eventually.TrueAsync(() => _loader.Counters is { UnloadsVerified: 1, UnloadsPending: 0 }, UnloadWait);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unloaded, Is.True, $"the context's unload was verified: {_loader.Counters}");
            Assert.That(_loader.Cache.Units, Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(_loader.Cache.Folder, "blobs")), Is.Empty);
        }
    }
}
