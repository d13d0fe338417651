namespace PluginHost.Host.Tests.Diagnostics;

/// <summary>A clock a test moves by hand, for the parts that take their time from a <see cref="TimeProvider"/>.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
