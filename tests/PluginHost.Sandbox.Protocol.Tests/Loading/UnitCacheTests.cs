using System.Security.Cryptography;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Sandbox.Protocol.Tests.Loading;

/// <summary>
/// The content-addressed cache on a real temporary folder: what is removed under it is built again when next needed,
/// and a folder it did not create keeps the permissions it had.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class UnitCacheTests
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly byte[] Content = [1, 2, 3, 4];
    private static readonly string Sha256 = Convert.ToHexStringLower(SHA256.HashData(Content));
    private static readonly string Key = new('a', 64);

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-unitcache-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AddUnit_WholeCacheRemovedMeanwhile_FoldersBuiltAgainPrivate()
    {
        var root = Path.Combine(_folder, "cache");
        var cache = new UnitCache(root);
        Directory.Delete(root, recursive: true);

        cache.AddBlob(Sha256, Content);
        var unit = cache.AddUnit(Key, [new UnitCacheFile("Plugin.dll", Sha256)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(Path.Combine(unit, "Plugin.dll")), Is.EqualTo(Content));
            Assert.That(cache.Units, Is.EqualTo(new[] { Key }));
            Assert.That(File.GetUnixFileMode(root), Is.EqualTo(PrivateFolder));
        }
    }

    [Test]
    public void AddUnit_BlobsRemovedUnderAUnitFolder_UnitBuiltAgainOnTheNewBlobs()
    {
        var cache = new UnitCache(Path.Combine(_folder, "cache"));
        cache.AddBlob(Sha256, Content);
        cache.AddUnit(Key, [new UnitCacheFile("Plugin.dll", Sha256)]);
        Directory.Delete(Path.Combine(cache.Root, "blobs"), recursive: true);

        cache.AddBlob(Sha256, Content);
        var unit = cache.AddUnit(Key, [new UnitCacheFile("Plugin.dll", Sha256)]);

        Assert.That(File.ReadAllBytes(Path.Combine(unit, "Plugin.dll")), Is.EqualTo(Content));
    }

    [Test]
    public void Retain_CacheRemovedMeanwhile_FoldersBuiltAgainEmpty()
    {
        var cache = new UnitCache(Path.Combine(_folder, "cache"));
        Directory.Delete(cache.Root, recursive: true);

        cache.Retain(new HashSet<string>());

        Assert.That(cache.Units, Is.Empty);
    }

    [Test]
    public void Constructor_FolderThatExists_ItsModeKept()
    {
        const UnixFileMode shared = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_folder, shared);

        var cache = new UnitCache(_folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(cache.Root), Is.EqualTo(shared));
            Assert.That(File.GetUnixFileMode(Path.Combine(cache.Root, "units")), Is.EqualTo(PrivateFolder), "a folder the cache creates is private");
        }
    }
}
