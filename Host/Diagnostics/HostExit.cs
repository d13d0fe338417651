namespace PluginHost.Host.Diagnostics;

/// <summary>
/// How the host process ends: 0 only after a requested stop. A background service that died, a failure while
/// starting, or an exception no one caught ends it with exit code 1 and one <c>error:</c> line on stderr (the
/// details go to the log), so a supervisor sees a failure, not a clean exit.
/// </summary>
internal static class HostExit
{
    public const int Failed = 1;

    /// <summary>An exception that escapes every handler ends the process with one line instead of a stack trace.</summary>
    public static void ReportUnhandledExceptions() => AppDomain.CurrentDomain.UnhandledException += (_, args) =>
    {
        Console.Error.WriteLine($"error: the host failed: {(args.ExceptionObject as Exception)?.Message ?? args.ExceptionObject.ToString()}");
        NLog.LogManager.GetLogger(nameof(HostExit)).Fatal(args.ExceptionObject as Exception, "Unhandled exception");
        NLog.LogManager.Flush();
        Environment.Exit(Failed);
    };

    /// <summary>Runs the host; returns 0 after a requested stop, 1 when it could not start or a background service died.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        // Taken before running: RunAsync disposes the service provider when the host has stopped.
        var backgroundServices = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var stoppedWhileStarting = false;
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException)
        {
            // A background service that died at once stopped the host before Kestrel was listening: reported below.
            stoppedWhileStarting = true;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // Kestrel could not bind (address in use), or a hosted service failed to start. The host is disposed by now,
            // its log with it: stderr is what is left.
            Console.Error.WriteLine($"error: the host failed: {exception.Message}");
            return Failed;
        }

        var failed = backgroundServices.FirstOrDefault(service => service.ExecuteTask is { IsFaulted: true });
        if (failed?.ExecuteTask?.Exception?.GetBaseException() is { } cause)
        {
            Console.Error.WriteLine($"error: the host stopped because {failed.GetType().Name} failed: {cause.Message}");
            return Failed;
        }

        if (stoppedWhileStarting)
        {
            Console.Error.WriteLine("error: the host stopped while it was starting");
            return Failed;
        }

        return 0;
    }

    /// <summary>A database other users can read holds every record and registration: say so once at start-up.</summary>
    public static void WarnIfDatabaseReadableByOthers(string path, ILogger logger)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            logger.LogWarning(
                "The database {Database} can be read by other users (mode {Mode}); PluginHost creates new databases 0600: chmod 600 it and its -wal and -shm files",
                path,
                Convert.ToString((int)mode, 8));
        }
    }
}
