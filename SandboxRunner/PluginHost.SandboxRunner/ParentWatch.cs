using System.Runtime.InteropServices;

namespace PluginHost.SandboxRunner;

/// <summary>
/// Ends the worker when the process that started it is gone. A healthy worker notices at once (its socket closes),
/// but one running a plug-in's endless loop would spin on, orphaned, after its host was killed. Under Strict,
/// bubblewrap's --die-with-parent already ends it; this covers Basic.
/// </summary>
internal static partial class ParentWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Starts a background thread that exits the process once its parent changes.</summary>
    public static void Start()
    {
        var parent = GetParentProcessId();
        var watch = new Thread(() =>
        {
            while (GetParentProcessId() == parent)
            {
                Thread.Sleep(Interval);
            }

            Console.Error.WriteLine("error: the host that started this worker is gone; exiting");
            Environment.Exit(6);
        })
        {
            IsBackground = true,
            Name = "parent watch",
        };
        watch.Start();
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
