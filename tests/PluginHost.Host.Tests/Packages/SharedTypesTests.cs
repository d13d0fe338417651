using System.Reflection;
using System.Runtime.Loader;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// What a unit loaded by McMaster's loader (as the host and the workers load it) shares with the process and what it
/// brings itself: the SDK and the .NET framework are the host's, every other name comes from the unit's own files,
/// even one the host process also carries. Run on PackageFixtures.PluginA's build output (the plug-in and its
/// dependency PackageFixtures.Greeting 1.0.0.0), laid out in a real cache folder.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SharedTypesTests
{
    private string _folder = null!;
    private UnitCache _cache = null!;

    [SetUp]
    public void CreateCache()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-shared-").FullName;
        _cache = new UnitCache(Path.Combine(_folder, "cache"));
    }

    [TearDown]
    public void DeleteCache() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Load_DependencyTheUnitCarries_ComesFromTheUnitsContext()
    {
        var context = Load(PluginAFiles());

        var greeting = context.LoadFromAssemblyName(new AssemblyName("PackageFixtures.Greeting"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AssemblyLoadContext.GetLoadContext(greeting), Is.SameAs(context));
            Assert.That(greeting.GetType("PackageFixtures.Greeting.Greeter")!.GetMethod("Greet")!.Invoke(null, null), Is.EqualTo("greeting v1"));
        }
    }

    [Test]
    public void Load_FrameworkAssembly_IsTheHostsCopy()
    {
        var context = Load(PluginAFiles());

        var json = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));

        Assert.That(json.GetType("System.Text.Json.JsonSerializer"), Is.SameAs(typeof(System.Text.Json.JsonSerializer)));
    }

    [Test]
    public void Load_SdkTheUnitCarriesACopyOf_IsTheHostsSdk()
    {
        var context = Load([.. PluginAFiles(), typeof(Microsoft.Xrm.Sdk.IPlugin).Assembly.Location]);

        var plugin = context.LoadFromAssemblyName(new AssemblyName("PackageFixtures.PluginA")).GetType("PackageFixtures.PluginA.GreetingPlugin")!;

        Assert.That(plugin.IsAssignableTo(typeof(Microsoft.Xrm.Sdk.IPlugin)), Is.True, "the plug-in's IPlugin is the host's");
    }

    [Test]
    public void Load_LibraryTheHostAlsoCarries_TheUnitsOwnCopyWins()
    {
        // The host process has Dapper loaded (the registration store uses it); a unit that ships Dapper gets its own.
        var hostDapper = typeof(Dapper.SqlMapper).Assembly;
        var context = Load([.. PluginAFiles(), hostDapper.Location]);

        var dapper = context.LoadFromAssemblyName(new AssemblyName("Dapper"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dapper, Is.Not.SameAs(hostDapper));
            Assert.That(AssemblyLoadContext.GetLoadContext(dapper), Is.SameAs(context));
        }
    }

    [Test]
    public void Load_UnitLoadedAndRun_NoFileOfTheCacheStaysOpen()
    {
        var context = Load(PluginAFiles());
        var greeting = context.LoadFromAssemblyName(new AssemblyName("PackageFixtures.Greeting"));
        greeting.GetType("PackageFixtures.Greeting.Greeter")!.GetMethod("Greet")!.Invoke(null, null);

        Assert.That(OpenFiles.Under(_cache.Root), Is.Empty, "files are read into memory (LoadInMemory)");
    }

    [Test]
    public void AddUnit_Files_ReadOnlyBlobsInPrivateFoldersAndOneLinkPerFile()
    {
        var files = PluginAFiles();
        var folder = Materialize("a", files);

        var links = Directory.GetFiles(folder).Select(path => new FileInfo(path)).ToList();
        var blobs = Directory.GetFiles(Path.Combine(_cache.Root, "blobs"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(links.Select(link => link.Name), Is.EquivalentTo(files.Select(Path.GetFileName)));
            Assert.That(links.Select(link => link.LinkTarget), Has.All.StartWith("../../blobs/"));
            Assert.That(blobs, Has.Length.EqualTo(files.Count));
            Assert.That(blobs.Select(File.GetUnixFileMode), Has.All.EqualTo(UnixFileMode.UserRead));
            Assert.That(
                new[] { _cache.Root, Path.Combine(_cache.Root, "blobs"), folder }.Select(File.GetUnixFileMode),
                Has.All.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }
    }

    [Test]
    public void Retain_UnitNoLongerNamed_ItsFolderAndOnlyItsBlobsRemoved()
    {
        var pluginA = PluginAFiles();
        Materialize(new string('a', 64), pluginA);
        Materialize(new string('b', 64), [pluginA.Single(path => path.EndsWith("Greeting.dll", StringComparison.Ordinal))]);

        _cache.Retain(new HashSet<string> { new('b', 64) });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_cache.Units, Is.EqualTo(new[] { new string('b', 64) }));
            Assert.That(Directory.GetFiles(Path.Combine(_cache.Root, "blobs")), Has.Length.EqualTo(1), "the Greeting blob the remaining unit links to stays");
        }
    }

    [Test]
    public void AddBlob_ContentNotMatchingItsHash_RefusedAndNothingWritten()
    {
        var refusal = Assert.Throws<InvalidDataException>(() => _cache.AddBlob(new string('0', 64), "not that content"u8));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain(new string('0', 64)));
            Assert.That(Directory.GetFiles(Path.Combine(_cache.Root, "blobs")), Is.Empty);
        }
    }

    /// <summary>The DLLs of PackageFixtures.PluginA's build output: the plug-in and PackageFixtures.Greeting.</summary>
    private static List<string> PluginAFiles()
    {
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(Paths.TestPlugin("NoOp")))!;
        return [Path.Combine(folder, "PluginA", "PackageFixtures.PluginA.dll"), Path.Combine(folder, "PluginA", "PackageFixtures.Greeting.dll")];
    }

    private AssemblyLoadContext Load(List<string> files) =>
        UnitLoader.Create(Path.Combine(Materialize(new string('c', 64), files), Path.GetFileName(files[0])), unloadable: true);

    /// <summary>Adds the files as blobs and lays them out as unit <paramref name="key"/>; returns its folder.</summary>
    private string Materialize(string key, List<string> files)
    {
        key = key.Length == 64 ? key : new string(key[0], 64);
        var entries = new List<UnitCacheFile>();
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            _cache.AddBlob(sha, content);
            entries.Add(new UnitCacheFile(Path.GetFileName(file), sha));
        }

        return _cache.AddUnit(key, entries);
    }
}
