using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Storage;

/// <summary>
/// On PostgreSQL, keeps one dedicated connection that <c>LISTEN</c>s on the channel every registration change is
/// announced on, and reloads the step index as soon as a notification arrives: a change made by pluginreg or another
/// host is live here in milliseconds rather than at the next poll. Does nothing on SQLite, where the poll alone serves.
/// </summary>
/// <remarks>
/// The poll of <see cref="StepIndexProvider"/> keeps running beside it, so a lost connection (a server restart,
/// <c>pg_terminate_backend</c>, a network fault) costs only speed: the loss is logged once, the connection is opened
/// again with a growing pause, and its return is logged. Npgsql's keepalive makes a silently dead connection fail
/// rather than wait forever.
/// </remarks>
internal sealed class RegistrationListener(
    RegistrationDatabase database,
    StepIndexProvider steps,
    HostIdentity identity,
    IOptions<PluginHostOptions> options,
    Diagnostics.LogThrottle throttle,
    TimeProvider time,
    ILogger<RegistrationListener> logger)
    : BackgroundService
{
    /// <summary>The channel the registration library's PostgreSQL triggers notify on.</summary>
    public const string Channel = RegistrationDatabase.PostgreSqlChangeChannel;

    /// <summary>The application name prefix of the listening connection, so an operator can tell it in pg_stat_activity.</summary>
    public const string ApplicationNamePrefix = "pluginhost-listener:";

    // The first pause is well beyond the poll's longest period (1 s): while the connection is down the poll brings the
    // changes anyway, and a server that is restarting is not hammered. Then doubled up to the longest pause.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    // PostgreSQL truncates application_name to 63 bytes; cut it here so the name stays readable.
    private const int ApplicationNameLength = 63;

    // Since when the listening connection is down (null while listening), and the pause before the next attempt.
    private DateTimeOffset? _lostSince;
    private TimeSpan _retry = FirstRetry;

    // Set by the notification handler, read by the reloading loop: reloads run off the connection's read path, and a
    // burst of notifications (one per changed row) is one reload. Npgsql raises the event for a notification that
    // arrives while it waits for a keepalive's answer without ending WaitAsync, so the event, not WaitAsync's return,
    // is what counts.
    private readonly Channel<RegistrationReload> _reloads = System.Threading.Channels.Channel.CreateBounded<RegistrationReload>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Location.Backend != DatabaseBackend.PostgreSql)
        {
            return;
        }

        var reloading = ReloadAsync(stoppingToken);
        var connectionString = ListenerConnectionString();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Whatever broke the connection, the host carries on (polling) and tries again later.
                if (_lostSince is null)
                {
                    _lostSince = time.GetUtcNow();
                    _retry = FirstRetry;
                    logger.LogWarning(
                        "Lost the connection listening for registration changes ({Problem}); polling every {PollMilliseconds} ms until it is back",
                        OneLine(exception), options.Value.RegistrationPollMilliseconds);
                }

                try
                {
                    await Task.Delay(_retry, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                _retry = TimeSpan.FromTicks(Math.Min(_retry.Ticks * 2, LongestRetry.Ticks));
            }
        }

        _reloads.Writer.TryComplete();
        await reloading;
    }

    /// <summary>Reloads once per signal from the listening connection, until the host stops.</summary>
    private async Task ReloadAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var trigger in _reloads.Reader.ReadAllAsync(stoppingToken))
            {
                Reload(trigger);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Opens the connection, listens, and reloads on every notification until the connection fails or the host stops.</summary>
    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, _) => _reloads.Writer.TryWrite(RegistrationReload.Notified);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        if (_lostSince is { } since)
        {
            _lostSince = null;
            logger.LogInformation(
                "Listening for registration changes again after {Seconds:0.#} s without (channel {Channel})",
                (time.GetUtcNow() - since).TotalSeconds, Channel);

            // A change made while the connection was down was announced to nobody: catch up now rather than at the next poll.
            _reloads.Writer.TryWrite(RegistrationReload.Relistened);
        }
        else
        {
            logger.LogInformation("Listening for registration changes (channel {Channel})", Channel);
        }

        while (true)
        {
            // Processes what the server sends (notifications raise the event); throws when the connection breaks.
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Reload(RegistrationReload trigger)
    {
        try
        {
            steps.Refresh(trigger);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The listening connection is fine; the reload's own connection is not. The poll tries again shortly.
            if (throttle.ShouldLog($"{nameof(RegistrationListener)}:{exception.GetType().Name}:{exception.Message}", out var suppressed))
            {
                logger.LogDatabaseFault(exception, "reload registrations after a change notification", suppressed);
            }
        }
    }

    /// <summary>The store's connection string with this connection's own settings: unpooled, named, kept alive.</summary>
    private string ListenerConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.Location.Value)
        {
            // Its own physical connection: a broken one must not go back to a pool, and LISTEN state must not leak into one.
            Pooling = false,
            ApplicationName = Truncate(ApplicationNamePrefix + identity.Name, ApplicationNameLength),
        };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 15;
        }

        return builder.ConnectionString;
    }

    /// <summary>The exception's message on one line, with the password masked should the driver ever quote it.</summary>
    private string OneLine(Exception exception)
    {
        var message = string.Join(' ', exception.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        var password = new NpgsqlConnectionStringBuilder(database.Location.Value).Password;
        return string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
