using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// The users and their key hashes, kept in memory and reloaded when the registration revision moves (users bump it
/// like registrations do), so a request never reads the database for them and a removed user or reset key stops
/// working at the host's next registration poll.
/// </summary>
internal sealed class UserDirectory(RegistrationStore store, StepIndexProvider registrations, ILogger<UserDirectory> logger)
{
    private readonly Lock _loading = new();
    private volatile Snapshot _snapshot = new(-1, []);

    /// <summary>The user whose key this is, or null.</summary>
    public UserRecord? FindByKey(string key)
    {
        var hash = ApiKeys.Hash(key);
        UserRecord? found = null;

        // Every stored hash is compared, each in constant time, so the answer takes as long whichever user matches.
        // A few hundred users cost microseconds; a dictionary by hash would leak nothing either (the hash of a guess is
        // unpredictable) but this keeps the comparison the plain one.
        foreach (var credential in Current().Credentials)
        {
            if (ApiKeys.HashesEqual(hash, credential.KeySha256))
            {
                found = credential.User;
            }
        }

        return found;
    }

    private Snapshot Current()
    {
        // The index's revision is the one the poller saw last: reading it costs no database call.
        var revision = registrations.Current.Revision;
        var snapshot = _snapshot;
        if (snapshot.Revision == revision)
        {
            return snapshot;
        }

        lock (_loading)
        {
            if (_snapshot.Revision != revision)
            {
                // Read after the revision was seen, so the users are at least as new as it.
                IReadOnlyList<UserCredential> credentials;
                try
                {
                    credentials = store.ListUserCredentials();
                }
                catch (Exception exception) when (Jobs.DatabaseFaults.IsTransient(exception))
                {
                    // A busy or failing database must not turn every keyed request into a 500: the users read last
                    // keep answering, and the next request tries again; with none read yet, the caller gets a 503.
                    logger.LogWarning("Users could not be reloaded at revision {Revision}: {Reason}", revision, exception.Message);
                    return _snapshot.Revision >= 0
                        ? _snapshot
                        : throw new PipelineException(ErrorCodes.DatabaseUnavailable, $"the users could not be read from the database: {exception.Message}");
                }

                _snapshot = new Snapshot(revision, credentials);
                logger.LogInformation("Users loaded at revision {Revision}: {UserCount} user(s)", revision, credentials.Count);
            }

            return _snapshot;
        }
    }

    private sealed record Snapshot(long Revision, IReadOnlyList<UserCredential> Credentials);
}
