using Microsoft.Extensions.Options;

namespace PluginHost.Host;

/// <summary>
/// Who this host is among the hosts of one database: a <see cref="Name"/> people read (<c>PluginHost:HostName</c>, else
/// machine and process id), and an <see cref="InstanceId"/> new at every start, so that a restarted host with the same
/// name never mistakes the claims of its dead predecessor for its own.
/// </summary>
internal sealed class HostIdentity(IOptions<PluginHostOptions> options, TimeProvider time)
{
    /// <summary>The host's name, as the statistics and job listings show it.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(options.Value.HostName)
        ? $"{Environment.MachineName}:{Environment.ProcessId}"
        : options.Value.HostName.Trim();

    /// <summary>This start of the host; owns the leases of the jobs it runs.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>When this host started.</summary>
    public DateTime StartedOn { get; } = time.GetUtcNow().UtcDateTime;
}
