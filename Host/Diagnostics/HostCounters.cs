using System.Text.Json;
using PluginHost.Host.Loading;
using PluginHost.Host.Sandbox;

namespace PluginHost.Host.Diagnostics;

/// <summary>
/// A host's own figures, which mean nothing summed over hosts: its plug-in load contexts, the assemblies whose old
/// context did not unload, and its sandbox workers. Kept in <c>host_statistics.counters</c> as this JSON.
/// </summary>
internal sealed record HostCounters(LoadContextCounters LoadContexts, IReadOnlyList<UnloadFailureCount> UnloadFailures, SandboxCounters Sandbox)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>This host's figures now.</summary>
    public static HostCounters Read(InProcessLoader loader, SandboxPool pool, SandboxEnvironment sandbox, PluginStatistics statistics)
    {
        var (loads, verified, failed, pending) = loader.Counters;
        var (started, replaced, idle, busy) = pool.Counters;
        return new HostCounters(
            new LoadContextCounters(loads, verified, failed, pending),
            statistics.UnloadFailures.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new UnloadFailureCount(pair.Key, pair.Value)).ToList(),
            new SandboxCounters(sandbox.Level.ToString(), started, replaced, idle, busy));
    }

    /// <summary>The JSON kept in the database.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The figures read back from <paramref name="json"/>; null when there are none or they cannot be read (a row
    /// written by another version): the view then shows the host without them rather than failing.
    /// </summary>
    public static HostCounters? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HostCounters>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Plug-in load contexts created, and old ones seen unloaded, not unloaded, or not yet known.</summary>
internal sealed record LoadContextCounters(long Loads, long UnloadsVerified, long UnloadsFailed, long UnloadsPending);

/// <summary>An assembly (name and version) whose old load context did not unload, with how often.</summary>
internal sealed record UnloadFailureCount(string Assembly, int Count);

/// <summary>The sandbox's confinement level, workers started and replaced since the host started, and idle and busy now.</summary>
internal sealed record SandboxCounters(string Confinement, long WorkersStarted, long WorkersReplaced, int Idle, int Busy);
