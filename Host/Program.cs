using NLog.Extensions.Logging;
using PluginHost.Host;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Http;
using PluginHost.Host.Http.Security;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Host.Storage;
using PluginHost.Registration;
using PluginHost.Registration.Store;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--db"] = $"{PluginHostOptions.Section}:Database" });
builder.Logging.ClearProviders();
builder.Logging.AddNLog(Path.Combine(AppContext.BaseDirectory, "nlog.config"));
builder.Services.Configure<HostOptions>(options =>
{
    options.ShutdownTimeout = TimeSpan.FromSeconds(30);

    // The default, said out loud: a background service that dies stops the host, and HostExit turns that into a
    // non-zero exit code (in .NET 10 RunAsync itself still returns normally then).
    options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
});
HostExit.ReportUnhandledExceptions();

// A synchronous plug-in step holds its thread-pool thread for as long as it runs (the SDK's IPlugin and
// IOrganizationService are synchronous). The pool starts with one thread per core and, once they are all blocked, adds
// about one more every half second: on a 2-core machine four 200 ms steps delayed every other request, even /health,
// by hundreds of milliseconds (issue 11). A higher minimum lets the pool hand out that many threads at once instead;
// threads are still made only when needed. DOTNET_ThreadPool_MinThreads-style settings that ask for more are kept.
ThreadPool.GetMinThreads(out var minWorkers, out var minCompletion);
ThreadPool.SetMinThreads(Math.Max(minWorkers, MinPoolThreads), minCompletion);

// Settings are checked before anything starts: a mistyped limit must stop the host with its name and value, not
// run it with no limit (a heap limit of 0 meant none) or end in a stack trace.
var problems = PluginHostOptions.Problems(builder.Configuration);
if (problems.Count > 0)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"error: {problem}");
    }

    return 1;
}

builder.WebHost.ConfigureKestrel(kestrel => HttpLimits.ConfigureKestrel(kestrel, builder.Configuration));

RegistrationDatabase database;
DatabaseLock? databaseLock = null;
try
{
    var location = DatabaseLocation.Resolve(builder.Configuration[$"{PluginHostOptions.Section}:Database"]);
    if (location.Backend == DatabaseBackend.Sqlite)
    {
        // Locked before it is opened: a second host must not even migrate or re-encrypt a database the first one serves.
        databaseLock = DatabaseLock.Acquire(location.Value);
    }
    else if (string.IsNullOrEmpty(builder.Configuration[$"{PluginHostOptions.Section}:PluginCacheFolder"]))
    {
        // On SQLite the plug-in cache sits beside the file (<db>.plugins); a connection string names no folder.
        throw new RegistrationException(
            $"database '{location.Display}' is a PostgreSQL database: set {PluginHostOptions.Section}:PluginCacheFolder (or {PluginHostOptions.Section}__PluginCacheFolder) to a folder this user can write for the plug-in cache");
    }

    database = RegistrationDatabase.Open(location, builder.Configuration[$"{PluginHostOptions.Section}:KeyFile"]);
    if (database.IsReadOnly)
    {
        throw new RegistrationException($"database '{location.Display}' is read-only for this user: the host writes to it (check the file's permissions and owner)");
    }

    // The registration library migrates its own tables on open; the host's (entities, trace log, statistics, jobs)
    // are the host's to bring up to date, before anything reads them.
    HostSchema.Apply(database);
}
catch (System.Data.Common.DbException exception)
{
    Console.Error.WriteLine($"error: cannot bring the host's tables up to date: {exception.Message}");
    return 1;
}
catch (Exception exception) when (exception is RegistrationException or HostSchemaException or DatabaseInUseException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

using var heldLock = databaseLock;
builder.Services.AddPluginHost(database, builder.Configuration);
builder.Services.AddPluginHostSecurity(builder.Configuration);

WebApplication app;
try
{
    app = builder.Build();
    app.UseMiddleware<ApiErrors>();
    app.UsePluginHostSecurity();
    app.UseDatabaseAvailability();
    HealthEndpoint.Map(app);
    EntityEndpoints.Map(app);
    AdminEndpoints.Map(app);

    // Load registrations (and the loaders' subscriptions to reloads) before the first request; a sandbox that cannot
    // work here stops the host at once with the reason, rather than failing every sandboxed step later.
    app.Services.GetRequiredService<InProcessLoader>();
    app.Services.GetRequiredService<SandboxPool>();
    var index = app.Services.GetRequiredService<StepIndexProvider>().Refresh();
    app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
        "PluginHost listening on {Urls}; database {Database}; {StepCount} enabled step(s) at revision {Revision}",
        string.Join(", ", app.Urls), database.Location.Display, index.Steps.Count, index.Revision));
    if (database.Location.Backend == DatabaseBackend.Sqlite)
    {
        HostExit.WarnIfDatabaseReadableByOthers(database.FilePath, app.Logger);
    }
}
catch (SandboxUnavailableException exception)
{
    Console.Error.WriteLine($"error: the sandbox cannot start: {exception.Message}");
    return 1;
}
catch (Exception exception) when (exception is RegistrationException or PluginCacheInUseException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: the host cannot start: {exception.Message}");
    return 1;
}

return await HostExit.RunAsync(app);

/// <summary>The program's constants.</summary>
internal sealed partial class Program
{
    /// <summary>
    /// The thread-pool threads handed out without the pool's injection delay: room for this many plug-in steps blocking
    /// at once before other requests wait for a thread.
    /// </summary>
    private const int MinPoolThreads = 64;
}
