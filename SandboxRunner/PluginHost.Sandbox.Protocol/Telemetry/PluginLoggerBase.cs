using System.Diagnostics;
using Microsoft.Xrm.Sdk.PluginTelemetry;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Telemetry;

/// <summary>
/// The <see cref="ILogger"/> a plug-in receives, in the host and in a sandbox worker alike: every overload comes down
/// to one <see cref="PluginLogEntry"/> (level, filled template with the open scopes and the exception, custom
/// properties), which the subclass delivers. Every level but <see cref="LogLevel.None"/> is written: the trace log
/// keeps everything, and the host's logging filters by its own configuration.
/// </summary>
public abstract class PluginLoggerBase : ILogger
{
    private readonly List<KeyValuePair<string, string>> _properties = [];
    private readonly List<string> _scopes = [];

    /// <inheritdoc />
    public void AddCustomProperty(string propertyName, string propertyValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(propertyName);
        _properties.RemoveAll(pair => pair.Key == propertyName);
        if (_properties.Count >= Wire.PluginLogEntry.MaxProperties)
        {
            // The same limit in both isolations: the host refuses an entry with more, as a broken frame.
            throw new InvalidOperationException($"A plug-in logger holds at most {Wire.PluginLogEntry.MaxProperties} custom properties; '{propertyName}' is one too many.");
        }

        _properties.Add(new(propertyName, propertyValue ?? ""));
    }

    /// <inheritdoc />
    public IDisposable BeginScope(string messageFormat, params object?[] args) => Push(LogTemplate.Format(messageFormat, args));

    /// <inheritdoc />
    public IDisposable BeginScope<TState>(TState state) => Push(Convert.ToString(state, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    /// <inheritdoc />
    public void Execute(string activityName, Action action, IEnumerable<KeyValuePair<string, string>>? additionalCustomProperties = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        try
        {
            action();
        }
        finally
        {
            Activity(activityName, started, additionalCustomProperties);
        }
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(string activityName, Func<Task> action, IEnumerable<KeyValuePair<string, string>>? additionalCustomProperties = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            Activity(activityName, started, additionalCustomProperties);
        }
    }

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Trace and < LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Write(logLevel, formatter(state, exception), exception, null);
    }

    /// <inheritdoc />
    public void Log(LogLevel logLevel, EventId eventId, Exception? exception, string message, params object?[] args) => Write(logLevel, LogTemplate.Format(message, args), exception, null);

    /// <inheritdoc />
    public void Log(LogLevel logLevel, EventId eventId, string message, params object?[] args) => Log(logLevel, eventId, null, message, args);

    /// <inheritdoc />
    public void Log(LogLevel logLevel, Exception? exception, string message, params object?[] args) => Log(logLevel, default, exception, message, args);

    /// <inheritdoc />
    public void Log(LogLevel logLevel, string message, params object?[] args) => Log(logLevel, default, null, message, args);

    /// <inheritdoc />
    public void LogMetric(string metricName, long value) => LogMetric(metricName, null, value);

    /// <inheritdoc />
    public void LogMetric(string metricName, IDictionary<string, string>? metricDimensions, long value)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        Write(
            LogLevel.Information,
            $"Metric {metricName} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            null,
            metricDimensions?.Select(dimension => new KeyValuePair<string, string>(dimension.Key, dimension.Value ?? "")));
    }

    /// <inheritdoc />
    public void LogTrace(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Trace, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogTrace(EventId eventId, string message, params object?[] args) => Log(LogLevel.Trace, eventId, null, message, args);

    /// <inheritdoc />
    public void LogTrace(Exception? exception, string message, params object?[] args) => Log(LogLevel.Trace, default, exception, message, args);

    /// <inheritdoc />
    public void LogTrace(string message, params object?[] args) => Log(LogLevel.Trace, default, null, message, args);

    /// <inheritdoc />
    public void LogDebug(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Debug, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogDebug(EventId eventId, string message, params object?[] args) => Log(LogLevel.Debug, eventId, null, message, args);

    /// <inheritdoc />
    public void LogDebug(Exception? exception, string message, params object?[] args) => Log(LogLevel.Debug, default, exception, message, args);

    /// <inheritdoc />
    public void LogDebug(string message, params object?[] args) => Log(LogLevel.Debug, default, null, message, args);

    /// <inheritdoc />
    public void LogInformation(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Information, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogInformation(EventId eventId, string message, params object?[] args) => Log(LogLevel.Information, eventId, null, message, args);

    /// <inheritdoc />
    public void LogInformation(Exception? exception, string message, params object?[] args) => Log(LogLevel.Information, default, exception, message, args);

    /// <inheritdoc />
    public void LogInformation(string message, params object?[] args) => Log(LogLevel.Information, default, null, message, args);

    /// <inheritdoc />
    public void LogWarning(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Warning, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogWarning(EventId eventId, string message, params object?[] args) => Log(LogLevel.Warning, eventId, null, message, args);

    /// <inheritdoc />
    public void LogWarning(Exception? exception, string message, params object?[] args) => Log(LogLevel.Warning, default, exception, message, args);

    /// <inheritdoc />
    public void LogWarning(string message, params object?[] args) => Log(LogLevel.Warning, default, null, message, args);

    /// <inheritdoc />
    public void LogError(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Error, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogError(EventId eventId, string message, params object?[] args) => Log(LogLevel.Error, eventId, null, message, args);

    /// <inheritdoc />
    public void LogError(Exception? exception, string message, params object?[] args) => Log(LogLevel.Error, default, exception, message, args);

    /// <inheritdoc />
    public void LogError(string message, params object?[] args) => Log(LogLevel.Error, default, null, message, args);

    /// <inheritdoc />
    public void LogCritical(EventId eventId, Exception? exception, string message, params object?[] args) => Log(LogLevel.Critical, eventId, exception, message, args);

    /// <inheritdoc />
    public void LogCritical(EventId eventId, string message, params object?[] args) => Log(LogLevel.Critical, eventId, null, message, args);

    /// <inheritdoc />
    public void LogCritical(Exception? exception, string message, params object?[] args) => Log(LogLevel.Critical, default, exception, message, args);

    /// <inheritdoc />
    public void LogCritical(string message, params object?[] args) => Log(LogLevel.Critical, default, null, message, args);

    /// <summary>Delivers one entry: to the step's trace text and the host's logging.</summary>
    protected abstract void Deliver(PluginLogEntry entry);

    private void Write(LogLevel level, string text, Exception? exception, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var message = _scopes.Count == 0 ? text : $"[{string.Join(" / ", _scopes)}] {text}";
        if (exception is not null)
        {
            message = $"{message} ({exception.GetType().FullName}: {exception.Message})";
        }

        Deliver(new PluginLogEntry(level, message, extra is null ? [.. _properties] : [.. _properties, .. extra]));
    }

    private void Activity(string activityName, long started, IEnumerable<KeyValuePair<string, string>>? properties)
    {
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Write(LogLevel.Trace, FormattableString.Invariant($"Activity {activityName} took {milliseconds:0.###} ms"), null, properties);
    }

    private Scope Push(string text)
    {
        _scopes.Add(text);
        return new Scope(this, _scopes.Count - 1);
    }

    /// <summary>Ends its scope (and any opened inside it that were not ended) once.</summary>
    private sealed class Scope(PluginLoggerBase owner, int depth) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (owner._scopes.Count > depth)
            {
                owner._scopes.RemoveRange(depth, owner._scopes.Count - depth);
            }
        }
    }
}
