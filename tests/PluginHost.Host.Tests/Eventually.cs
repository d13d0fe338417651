namespace PluginHost.Host.Tests;

/// <summary>
/// Waits for a condition a host process or background service reaches on its own time, looking at it every few
/// milliseconds until a deadline: the one poll loop of the suite, so no test sleeps for a guessed time.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="within"/>.</summary>
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan within) =>
        TrueAsync(() => Task.FromResult(condition()), within);

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="within"/>; it is asked at least once.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(Pause);
        }

        return true;
    }
}
