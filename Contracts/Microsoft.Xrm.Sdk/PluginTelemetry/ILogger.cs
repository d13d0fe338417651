using System.Threading.Tasks;

namespace Microsoft.Xrm.Sdk.PluginTelemetry;

/// <summary>
/// Writes a plug-in's log entries. Messages are templates whose holes (<c>{Name}</c> or <c>{0}</c>, with an optional
/// <c>:format</c>) take the arguments in order. On PluginHost each entry goes to the step's trace text (as
/// "Warning: …") and to the host's log, with the step and plug-in type as properties.
/// </summary>
public interface ILogger
{
    /// <summary>Adds a property to every later entry of this execution.</summary>
    /// <param name="propertyName">The property's name.</param>
    /// <param name="propertyValue">The property's value.</param>
    void AddCustomProperty(string propertyName, string propertyValue);

    /// <summary>Begins a scope whose text prefixes the entries written until it is disposed.</summary>
    /// <param name="messageFormat">The scope's message template.</param>
    /// <param name="args">The template's arguments.</param>
    /// <returns>An object that ends the scope when disposed.</returns>
    IDisposable BeginScope(string messageFormat, params object?[] args);

    /// <summary>Begins a scope whose text (the state's ToString) prefixes the entries written until it is disposed.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="state">The scope's state.</param>
    /// <returns>An object that ends the scope when disposed.</returns>
    IDisposable BeginScope<TState>(TState state);

    /// <summary>Runs an action as a named activity and logs how long it took; its exception, if any, is rethrown unchanged.</summary>
    /// <param name="activityName">The activity's name.</param>
    /// <param name="action">The action to run.</param>
    /// <param name="additionalCustomProperties">Properties to log with the activity, or null.</param>
    void Execute(string activityName, Action action, IEnumerable<KeyValuePair<string, string>>? additionalCustomProperties = null);

    /// <summary>Runs an asynchronous action as a named activity and logs how long it took; its exception, if any, is rethrown unchanged.</summary>
    /// <param name="activityName">The activity's name.</param>
    /// <param name="action">The action to run.</param>
    /// <param name="additionalCustomProperties">Properties to log with the activity, or null.</param>
    /// <returns>A task that completes when the action has.</returns>
    Task ExecuteAsync(string activityName, Func<Task> action, IEnumerable<KeyValuePair<string, string>>? additionalCustomProperties = null);

    /// <summary>Records the value of a named metric, such as a count or a duration.</summary>
    /// <param name="metricName">The metric's name.</param>
    /// <param name="value">The value.</param>
    void LogMetric(string metricName, long value);

    /// <summary>Records the value of a named metric with dimensions that qualify it.</summary>
    /// <param name="metricName">The metric's name.</param>
    /// <param name="metricDimensions">The dimensions, such as the entity the value is about; may be null.</param>
    /// <param name="value">The value.</param>
    void LogMetric(string metricName, IDictionary<string, string>? metricDimensions, long value);

    /// <summary>Returns whether entries of the given level are written.</summary>
    /// <param name="logLevel">The level.</param>
    /// <returns>True when entries of that level are written.</returns>
    bool IsEnabled(LogLevel logLevel);

    /// <summary>Writes an entry made by a formatter from a state and an exception.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="logLevel">The level.</param>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="state">The state to format.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="formatter">Makes the message of the state and the exception.</param>
    void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter);

    /// <summary>Writes an entry.</summary>
    /// <param name="logLevel">The level.</param>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void Log(LogLevel logLevel, EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes an entry.</summary>
    /// <param name="logLevel">The level.</param>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void Log(LogLevel logLevel, EventId eventId, string message, params object?[] args);

    /// <summary>Writes an entry.</summary>
    /// <param name="logLevel">The level.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void Log(LogLevel logLevel, Exception? exception, string message, params object?[] args);

    /// <summary>Writes an entry.</summary>
    /// <param name="logLevel">The level.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void Log(LogLevel logLevel, string message, params object?[] args);

    /// <summary>Writes a trace entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogTrace(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes a trace entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogTrace(EventId eventId, string message, params object?[] args);

    /// <summary>Writes a trace entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogTrace(Exception? exception, string message, params object?[] args);

    /// <summary>Writes a trace entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogTrace(string message, params object?[] args);

    /// <summary>Writes a debug entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogDebug(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes a debug entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogDebug(EventId eventId, string message, params object?[] args);

    /// <summary>Writes a debug entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogDebug(Exception? exception, string message, params object?[] args);

    /// <summary>Writes a debug entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogDebug(string message, params object?[] args);

    /// <summary>Writes an information entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogInformation(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes an information entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogInformation(EventId eventId, string message, params object?[] args);

    /// <summary>Writes an information entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogInformation(Exception? exception, string message, params object?[] args);

    /// <summary>Writes an information entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogInformation(string message, params object?[] args);

    /// <summary>Writes a warning entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogWarning(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes a warning entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogWarning(EventId eventId, string message, params object?[] args);

    /// <summary>Writes a warning entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogWarning(Exception? exception, string message, params object?[] args);

    /// <summary>Writes a warning entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogWarning(string message, params object?[] args);

    /// <summary>Writes an error entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogError(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes an error entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogError(EventId eventId, string message, params object?[] args);

    /// <summary>Writes an error entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogError(Exception? exception, string message, params object?[] args);

    /// <summary>Writes an error entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogError(string message, params object?[] args);

    /// <summary>Writes a critical entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogCritical(EventId eventId, Exception? exception, string message, params object?[] args);

    /// <summary>Writes a critical entry.</summary>
    /// <param name="eventId">The kind of entry.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogCritical(EventId eventId, string message, params object?[] args);

    /// <summary>Writes a critical entry.</summary>
    /// <param name="exception">The exception the entry is about, or null.</param>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogCritical(Exception? exception, string message, params object?[] args);

    /// <summary>Writes a critical entry.</summary>
    /// <param name="message">The message template.</param>
    /// <param name="args">The template's arguments.</param>
    void LogCritical(string message, params object?[] args);
}
