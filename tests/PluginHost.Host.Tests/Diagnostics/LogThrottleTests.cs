using PluginHost.Host.Diagnostics;

namespace PluginHost.Host.Tests.Diagnostics;

[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LogThrottleTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public void ShouldLog_SameKeyWithinTheWindow_OneLineThenSuppressedCountOnTheNext()
    {
        var throttle = new LogThrottle(_clock);

        var first = throttle.ShouldLog("step-a", out var firstSuffix);
        var repeats = Enumerable.Range(0, 41).Count(_ => throttle.ShouldLog("step-a", out string _));
        _clock.Advance(LogThrottle.Window);
        var afterWindow = throttle.ShouldLog("step-a", out var afterSuffix);
        var afterThat = throttle.ShouldLog("step-a", out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.True);
            Assert.That(firstSuffix, Is.Empty);
            Assert.That(repeats, Is.Zero, "a repeat within the minute was written");
            Assert.That(afterWindow, Is.True);
            Assert.That(afterSuffix, Is.EqualTo(" (41 more suppressed)"));
            Assert.That(afterThat, Is.False);
        }
    }

    [Test]
    public void ShouldLog_OtherKey_NotHeldBackByTheFirst()
    {
        var throttle = new LogThrottle(_clock);
        throttle.ShouldLog("step-a", out _);

        Assert.That(throttle.ShouldLog("step-b", out var suffix), Is.True);
        Assert.That(suffix, Is.Empty);
    }

    [Test]
    public void ShouldLog_QuietSpellWithoutRepeats_NoSuppressedCount()
    {
        var throttle = new LogThrottle(_clock);
        throttle.ShouldLog("step-a", out _);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(throttle.ShouldLog("step-a", out var suffix), Is.True);
        Assert.That(suffix, Is.Empty);
    }

    [Test]
    public void ShouldLog_ManyThreadsAtOnce_ExactlyOneLineAndEveryRepeatCounted()
    {
        var throttle = new LogThrottle(_clock);
        var written = 0;

        Parallel.For(0, 1000, attempt =>
        {
            if (throttle.ShouldLog("busy", out string _))
            {
                Interlocked.Increment(ref written);
            }
        });
        _clock.Advance(LogThrottle.Window);
        throttle.ShouldLog("busy", out var suffix);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(1));
            Assert.That(suffix, Is.EqualTo(" (999 more suppressed)"));
        }
    }
}
