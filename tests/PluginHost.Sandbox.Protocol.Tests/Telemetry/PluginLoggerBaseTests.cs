using Microsoft.Xrm.Sdk.PluginTelemetry;
using PluginHost.Sandbox.Protocol.Telemetry;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Telemetry;

[TestFixture]
internal sealed class PluginLoggerBaseTests
{
    [Test]
    public void LogWarning_Template_DeliversOneFilledEntry()
    {
        var logger = new CollectingLogger();

        logger.LogWarning("Disk {Name} at {Percent}%", "C", 95);

        Assert.That(logger.Entries.Single().TraceText, Is.EqualTo("Warning: Disk C at 95%"));
    }

    [Test]
    public void LogMetric_WithDimensions_InformationEntryCarryingThem()
    {
        var logger = new CollectingLogger();

        logger.LogMetric("RecordsTouched", new Dictionary<string, string> { ["entity"] = "account" }, 12);

        var entry = logger.Entries.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.TraceText, Is.EqualTo("Information: Metric RecordsTouched = 12"));
            Assert.That(entry.Properties, Does.Contain(new KeyValuePair<string, string>("entity", "account")));
        }
    }

    [Test]
    public void EveryLevelMethod_DeliversItsLevel()
    {
        var logger = new CollectingLogger();

        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogWarning(new EventId(7, "seven"), "w");
        logger.LogError(new InvalidOperationException("boom"), "e");
        logger.LogCritical(1, new InvalidOperationException("bang"), "c");
        logger.Log(LogLevel.Information, "plain");

        Assert.That(
            logger.Entries.Select(entry => entry.TraceText),
            Is.EqualTo(new[]
            {
                "Trace: t", "Debug: d", "Information: i", "Warning: w",
                "Error: e (System.InvalidOperationException: boom)", "Critical: c (System.InvalidOperationException: bang)", "Information: plain",
            }));
    }

    [Test]
    public void BeginScope_NestedScopes_PrefixEntriesUntilDisposed()
    {
        var logger = new CollectingLogger();

        using (logger.BeginScope("order {Id}", 42))
        {
            using (logger.BeginScope("line"))
            {
                logger.LogInformation("inner");
            }

            logger.LogInformation("outer");
        }

        logger.LogInformation("none");

        Assert.That(logger.Entries.Select(entry => entry.Message), Is.EqualTo(new[] { "[order 42 / line] inner", "[order 42] outer", "none" }));
    }

    [Test]
    public void AddCustomProperty_SameNameTwice_LaterEntriesCarryTheLastValue()
    {
        var logger = new CollectingLogger();

        logger.AddCustomProperty("tenant", "a");
        logger.AddCustomProperty("tenant", "b");
        logger.LogInformation("x");

        Assert.That(logger.Entries.Single().Properties, Is.EqualTo(new[] { new KeyValuePair<string, string>("tenant", "b") }));
    }

    [Test]
    public void Execute_ActionThrows_RethrowsAndStillLogsTheActivity()
    {
        var logger = new CollectingLogger();

        Assert.That(() => logger.Execute("sync", () => throw new InvalidOperationException("x")), Throws.InvalidOperationException);
        Assert.That(logger.Entries.Single().Message, Does.StartWith("Activity sync took "));
    }

    [Test]
    public async Task ExecuteAsync_WithProperties_LogsTheActivityWithThem()
    {
        var logger = new CollectingLogger();

        await logger.ExecuteAsync("load", () => Task.CompletedTask, [new("rows", "3")]);

        Assert.That(logger.Entries.Single().Properties, Is.EqualTo(new[] { new KeyValuePair<string, string>("rows", "3") }));
    }

    [TestCase(LogLevel.Trace, true)]
    [TestCase(LogLevel.Critical, true)]
    [TestCase(LogLevel.None, false)]
    public void IsEnabled_Level_IsTrueForEveryRealLevel(LogLevel level, bool expected)
    {
        Assert.That(new CollectingLogger().IsEnabled(level), Is.EqualTo(expected));
    }

    [Test]
    public void Write_Entry_ReadsBackAfterItsLine()
    {
        var entry = new PluginLogEntry(LogLevel.Error, "failed", [new("a", "1")]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            entry.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var line = reader.ReadString();
        var copy = PluginLogEntry.ReadAfterLine(reader);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line, Is.EqualTo("Error: failed"));
            Assert.That(copy, Is.Not.Null);
            Assert.That(copy!.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(copy.Message, Is.EqualTo("failed"));
            Assert.That(copy.Properties, Is.EqualTo(entry.Properties));
        }
    }

    [Test]
    public void ReadAfterLine_PlainTraceLine_IsNull()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("just a trace line");
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        reader.ReadString();

        Assert.That(PluginLogEntry.ReadAfterLine(reader), Is.Null);
    }

    [Test]
    public void ReadAfterLine_UnknownLevel_IsCorrupt()
    {
        using var reader = new BinaryReader(new MemoryStream([9, 0, 0]));

        Assert.That(() => PluginLogEntry.ReadAfterLine(reader), Throws.InstanceOf<InvalidDataException>());
    }

    private sealed class CollectingLogger : PluginLoggerBase
    {
        public List<PluginLogEntry> Entries { get; } = [];

        protected override void Deliver(PluginLogEntry entry) => Entries.Add(entry);
    }
}
