using Microsoft.Extensions.Options;
using PluginHost.Host.Storage;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Host.Loading;

/// <summary>
/// The host's content-addressed plug-in cache (<see cref="UnitCache"/>), beside the database as
/// <c>&lt;database&gt;.plugins/</c> unless <c>PluginHost:PluginCacheFolder</c> says otherwise: the stored blobs of the
/// trusted units this host loads, written once from the registration store. Sandbox workers never see it; they get the
/// bytes over their channel and keep a private copy. The host holds an exclusive lock on <c>&lt;cache&gt;/.lock</c> for
/// its life: a second host configured with the same folder would otherwise empty it at start-up under the first.
/// </summary>
internal sealed class PluginCache
{
    private const string LockFileName = ".lock";

    private readonly UnitCache _cache;
    private readonly RegistrationStore _store;

    // Never read: kept open, since closing it would release the lock.
    private readonly FileStream _lock;

    public PluginCache(RegistrationStore store, IOptions<PluginHostOptions> options)
    {
        _store = store;
        var folder = options.Value.PluginCacheFolder is { Length: > 0 } configured ? configured : store.Database.FilePath + ".plugins";
        folder = Path.GetFullPath(folder);
        try
        {
            UnitCache.CreatePrivateFolder(folder);
            _lock = LockFile.Acquire(Path.Combine(folder, LockFileName), holder => new PluginCacheInUseException(folder, holder));

            // Only once the lock is held: opening the cache empties it.
            _cache = new UnitCache(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"the plug-in cache folder {folder} cannot be used ({exception.Message}): check its permissions, or set PluginHost:PluginCacheFolder to a folder this user can write", exception);
        }
    }

    /// <summary>The cache's folder.</summary>
    public string Folder => _cache.Root;

    /// <summary>The keys of the unit folders on disk.</summary>
    public IReadOnlyList<string> Units => _cache.Units;

    /// <summary>
    /// The path of the unit's main file, its folder built (and the blobs it needs written from the store) when missing.
    /// </summary>
    /// <exception cref="UnitChangedException">A file's stored content is not the one the unit names: it was updated meanwhile.</exception>
    public string Materialize(PluginUnit unit)
    {
        foreach (var file in unit.Files.Where(file => !_cache.HasBlob(file.Sha256)))
        {
            try
            {
                _cache.AddBlob(file.Sha256, _store.ReadAssemblyContent(file.AssemblyId));
            }
            catch (Exception exception) when (exception is InvalidDataException or Registration.RegistrationException)
            {
                // Another content under the same id (updated), or no assembly any more (unregistered).
                throw new UnitChangedException(unit, file, exception);
            }
        }

        return Path.Combine(_cache.AddUnit(unit.Key, unit.CacheFiles), unit.MainFile.FileName);
    }

    /// <summary>Removes the unit folders not named in <paramref name="keys"/> and the blobs only they used.</summary>
    public void Retain(IReadOnlySet<string> keys) => _cache.Retain(keys);
}

/// <summary>Another pluginhost uses the plug-in cache folder.</summary>
internal sealed class PluginCacheInUseException(string folder, int? pid)
    : Exception($"plug-in cache folder '{folder}' is in use by another PluginHost ({LockFile.Describe(pid)})");

/// <summary>The stored content of a unit's file differs from what the step index named, or is gone: it changed since.</summary>
internal sealed class UnitChangedException(PluginUnit unit, UnitFile file, Exception inner)
    : Exception($"{file.AssemblyName} of {unit.Description} changed while it was being loaded", inner);
