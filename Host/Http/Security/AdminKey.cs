using PluginHost.Registration.Store;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// <c>PLUGINHOST_ADMIN_KEY</c>: opens the admin endpoints to callers that are not local ones (in Required mode, to
/// every caller). Only its SHA-256 is kept, and a presented key is compared by hash, so the time a comparison takes
/// says nothing about the key, its length included.
/// </summary>
internal sealed class AdminKey(string? key)
{
    public const string Variable = "PLUGINHOST_ADMIN_KEY";

    /// <summary>Shortest admin key accepted: there is no lockout, so a short key could be guessed over the network.</summary>
    public const int MinLength = 16;

    private readonly byte[]? _hash = string.IsNullOrEmpty(key) ? null : ApiKeys.Hash(key);

    public bool IsSet => _hash is not null;

    public bool Matches(string presented) => _hash is not null && ApiKeys.HashesEqual(ApiKeys.Hash(presented), _hash);
}
