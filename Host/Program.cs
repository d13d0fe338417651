using NLog.Extensions.Logging;
using PluginHost.Host;
using PluginHost.Host.Http;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Sandbox;
using PluginHost.Registration;
using PluginHost.Registration.Store;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--db"] = $"{PluginHostOptions.Section}:Database" });
builder.Logging.ClearProviders();
builder.Logging.AddNLog(Path.Combine(AppContext.BaseDirectory, "nlog.config"));
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));

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
try
{
    database = RegistrationDatabase.Open(RegistrationDatabase.ResolvePath(builder.Configuration[$"{PluginHostOptions.Section}:Database"]));
}
catch (RegistrationException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

builder.Services.AddPluginHost(database, builder.Configuration);

var app = builder.Build();
app.UseMiddleware<ApiErrors>();
EntityEndpoints.Map(app);
AdminEndpoints.Map(app);

// Load registrations (and the loaders' subscriptions to reloads) before the first request; a sandbox that cannot
// work here stops the host at once with the reason, rather than failing every sandboxed step later.
app.Services.GetRequiredService<InProcessLoader>();
try
{
    app.Services.GetRequiredService<SandboxPool>();
}
catch (SandboxUnavailableException exception)
{
    Console.Error.WriteLine($"error: the sandbox cannot start: {exception.Message}");
    return 1;
}

var index = app.Services.GetRequiredService<StepIndexProvider>().Refresh();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "PluginHost listening on {Urls}; database {Database}; {StepCount} enabled step(s) at revision {Revision}",
    string.Join(", ", app.Urls), database.FilePath, index.Steps.Count, index.Revision));
await app.RunAsync();
return 0;
