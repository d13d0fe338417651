using Microsoft.Extensions.Options;
using PluginHost.Host.Diagnostics;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>What made the host look at the registration revision; the reload's log line says it.</summary>
internal enum RegistrationReload
{
    /// <summary>Someone in this process asked (start-up, an admin endpoint, a step dispatched on an older index).</summary>
    Requested,

    /// <summary>The periodic poll (<c>PluginHost:RegistrationPollMilliseconds</c>).</summary>
    Polled,

    /// <summary>A PostgreSQL notification on the registration channel (<see cref="Storage.RegistrationListener"/>).</summary>
    Notified,

    /// <summary>The listener connected again after losing its connection, and caught up on what it may have missed.</summary>
    Relistened,
}

/// <summary>
/// Keeps the current <see cref="StepIndex"/>: reloads when any process changed a registration, so a CLI change is live
/// in well under a second without a restart. It polls the registration revision on every backend; on PostgreSQL the
/// <see cref="Storage.RegistrationListener"/> also calls <see cref="Refresh"/> as soon as a change is announced, and the
/// poll stays as the fallback for when that connection is down.
/// </summary>
internal sealed class StepIndexProvider(RegistrationStore store, IOptions<PluginHostOptions> options, Diagnostics.LogThrottle throttle, ILogger<StepIndexProvider> logger)
    : BackgroundService
{
    private readonly Lock _reloading = new();
    private volatile StepIndex _current = StepIndex.Empty;

    /// <summary>Raised after a reload, with the new index (the in-process loader drops replaced assemblies).</summary>
    public event Action<StepIndex>? Reloaded;

    public StepIndex Current => _current.Revision == 0 ? Refresh() : _current;

    /// <summary>Reloads if the revision moved; returns the index in force. <paramref name="trigger"/> is for the log.</summary>
    public StepIndex Refresh(RegistrationReload trigger = RegistrationReload.Requested)
    {
        var revision = store.Database.ReadRevision();
        if (revision == _current.Revision)
        {
            return _current;
        }

        lock (_reloading)
        {
            if (revision != _current.Revision)
            {
                var index = StepIndex.Load(store);
                _current = index;
                logger.LogInformation(
                    "Registrations loaded at revision {Revision} ({Trigger}): {StepCount} enabled step(s)",
                    index.Revision, TriggerText(trigger), index.Steps.Count);
                Reloaded?.Invoke(index);
            }

            return _current;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromMilliseconds(options.Value.RegistrationPollMilliseconds);
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                Refresh(RegistrationReload.Polled);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Polled four times a second: a database in trouble would otherwise write a line each time, and this
                // service must not die of it (that would stop the host).
                if (throttle.ShouldLog($"{nameof(StepIndexProvider)}:{exception.GetType().Name}:{exception.Message}", out var suppressed))
                {
                    logger.LogDatabaseFault(exception, $"reload registrations; keeping revision {_current.Revision}", suppressed);
                }
            }
        }
    }

    private static string TriggerText(RegistrationReload trigger) => trigger switch
    {
        RegistrationReload.Polled => "polled",
        RegistrationReload.Notified => "notified",
        RegistrationReload.Relistened => "listening again",
        _ => "requested",
    };
}
