using Microsoft.Extensions.Logging;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;
using TelemetryLogger = Microsoft.Xrm.Sdk.PluginTelemetry.ILogger;

namespace PluginHost.Host.Tests.Pipeline;

/// <summary>What a plug-in's telemetry logger may put in the host's log: bounded, one line per entry.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PluginLoggerTests
{
    [Test]
    public void LogInformation_PastTheCap_HostLogGetsTheCapAndOneWarningTraceKeepsAll()
    {
        var (logger, sink, tracing) = NewLogger();

        for (var index = 0; index < PluginLogger.MaxHostLogEntries + 50; index++)
        {
            logger.LogInformation("entry {0}", index);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Entries.Count(entry => entry.Level == LogLevel.Information), Is.EqualTo(PluginLogger.MaxHostLogEntries));
            Assert.That(sink.Entries.Where(entry => entry.Level == LogLevel.Warning).Select(entry => entry.Text), Has.One.Contains("more than 100 log entries"));
            Assert.That(tracing.ToString(), Does.Contain($"entry {PluginLogger.MaxHostLogEntries + 49}"));
        }
    }

    [Test]
    public void LogError_MessageWithNewlines_OneLineInTheHostLog()
    {
        var (logger, sink, _) = NewLogger();

        logger.LogError("first\n2026-12-02 12:00:00.0000Z ERROR StepRunner: forged");

        Assert.That(sink.Entries.Single().Text, Does.Not.Contain('\n').And.Contains("first 2026-12-02"));
    }

    private static (TelemetryLogger Logger, Sink Sink, TraceBuffer Tracing) NewLogger()
    {
        var step = new StepRegistration(
            Guid.NewGuid(), "step", "Plugins.Logging", Guid.NewGuid(), "Plugins", "sha", IsolationMode.None, "Create", "account",
            20, ExecutionMode.Synchronous, 1, [], null, null, false, []);
        var operation = new Operation
        {
            MessageName = "Create",
            PrimaryEntityName = "account",
            Depth = 1,
            UserId = Guid.Empty,
            InitiatingUserId = Guid.Empty,
            CorrelationId = Guid.NewGuid(),
            InputParameters = new ParameterCollection(),
        };
        var tracing = new TraceBuffer();
        var sink = new Sink();
        return (new PluginLogger(new StepContext(operation, step, ExecutionMode.Synchronous, true), tracing, sink), sink, tracing);
    }

    private sealed class Sink : ILogger
    {
        public List<(LogLevel Level, string Text)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
