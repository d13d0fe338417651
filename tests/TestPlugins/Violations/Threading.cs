namespace TestPlugins.Violations;

/// <summary>Threads and timers: Thread, Timer, ThreadPool.</summary>
public static class Threading
{
    public static void StartThread() => new Thread(() => { }).Start();

    public static IDisposable StartTimer() => new Timer(_ => { }, null, 0, 1000);

    public static bool QueueWork() => ThreadPool.QueueUserWorkItem(_ => { });
}
