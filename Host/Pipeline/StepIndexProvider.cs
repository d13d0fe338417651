using Microsoft.Extensions.Options;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// Keeps the current <see cref="StepIndex"/>: polls the registration revision and reloads when any process changed
/// a registration, so a CLI change is live in well under a second without a restart.
/// </summary>
internal sealed class StepIndexProvider(RegistrationStore store, IOptions<PluginHostOptions> options, Diagnostics.LogThrottle throttle, ILogger<StepIndexProvider> logger)
    : BackgroundService
{
    private readonly Lock _reloading = new();
    private volatile StepIndex _current = StepIndex.Empty;

    /// <summary>Raised after a reload, with the new index (the in-process loader drops replaced assemblies).</summary>
    public event Action<StepIndex>? Reloaded;

    public StepIndex Current => _current.Revision == 0 ? Refresh() : _current;

    /// <summary>Reloads if the revision moved; returns the index in force.</summary>
    public StepIndex Refresh()
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
                logger.LogInformation("Registrations loaded at revision {Revision}: {StepCount} enabled step(s)", index.Revision, index.Steps.Count);
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
                Refresh();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Polled four times a second: a database in trouble would otherwise write a line each time, and this
                // service must not die of it (that would stop the host).
                if (throttle.ShouldLog($"{nameof(StepIndexProvider)}:{exception.GetType().Name}:{exception.Message}", out var suppressed))
                {
                    logger.LogError(exception, "Could not reload registrations; keeping revision {Revision}{Suppressed}", _current.Revision, suppressed);
                }
            }
        }
    }
}
