using System.Diagnostics;
using System.Runtime.Loader;
using PluginHost.Host.Loading;

namespace PluginHost.Benchmarks.Setup;

/// <summary>Waits for the loader's background unload verification, and counts load contexts independently of it.</summary>
internal static class Unloads
{
    /// <summary>
    /// Waits until the loader has judged <paramref name="expectedJudged"/> retired contexts (verified or failed) and has
    /// none pending, or the time is up; returns whether it settled.
    /// </summary>
    public static bool WaitForVerdicts(InProcessLoader loader, long expectedJudged, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var counters = loader.Counters;
            if (counters.UnloadsPending == 0 && counters.UnloadsVerified + counters.UnloadsFailed >= expectedJudged)
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                return false;
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Load contexts of a unit still alive (McMaster names them after the main file), seen through the runtime rather than the loader's counters.</summary>
    public static int LiveContexts(string assemblyName) =>
        AssemblyLoadContext.All.Count(context => context.Name == assemblyName);
}
