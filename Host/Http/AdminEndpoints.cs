using Microsoft.Xrm.Sdk;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Jobs;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Http;

/// <summary>
/// Admin endpoints (SPEC §8), for the admin key (<c>PLUGINHOST_ADMIN_KEY</c>) and, in Loopback mode, for loopback
/// callers without a key; a user's key does not open them.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        // Who may call them is the security layer's rule (Http/Security/CallerAuthorization.cs).
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Security.CallerPolicies.Admin);

        admin.MapGet("/assemblies", (RegistrationStore store) => store.ListAssemblies().Select(assembly => new
        {
            id = assembly.Id,
            name = assembly.Name,
            version = assembly.Version,
            isolation = assembly.Isolation == IsolationMode.None ? "none" : "sandbox",
            sha256 = assembly.Sha256,
            types = assembly.Types.Select(type => type.TypeName),
            modifiedOn = assembly.ModifiedOn,
        }));

        // The shape of 'pluginreg package list --json'; at most ?top= packages (default 100), by name.
        admin.MapGet("/packages", (HttpContext http, RegistrationStore store) =>
            Results.Json(store.ListPackages().Take(ParseTop(http, 100)).Select(Registration.Packages.PackageJson.From).ToList()));

        admin.MapGet("/steps", (RegistrationStore store) => store.ListSteps().Select(ToJson));

        // Auth headers stay in the store: only whether one is set is shown.
        admin.MapGet("/endpoints", (RegistrationStore store) => store.ListServiceEndpoints().Select(endpoint => new
        {
            id = endpoint.Id,
            name = endpoint.Name,
            url = endpoint.Url,
            description = endpoint.Description,
            hasAuthHeader = endpoint.HasAuthHeader,
            modifiedOn = endpoint.ModifiedOn,
        }));

        admin.MapPost("/steps/{id}/disable", (string id, RegistrationStore store, StepIndexProvider steps) => SetEnabled(id, false, store, steps));
        admin.MapPost("/steps/{id}/enable", (string id, RegistrationStore store, StepIndexProvider steps) => SetEnabled(id, true, store, steps));

        admin.MapGet("/traces", async (HttpContext http, TraceLog traceLog) =>
        {
            var correlation = http.Request.Query["correlationId"].ToString();
            Guid? correlationId = string.IsNullOrEmpty(correlation) ? null
                : Guid.TryParse(correlation, out var parsed) ? parsed
                : throw PipelineException.BadRequest($"correlationId must be a GUID, not '{correlation}'");
            var top = ParseTop(http, 100);
            await traceLog.FlushAsync(http.RequestAborted);
            return Results.Json(traceLog.Read(correlationId, top));
        });

        // Plug-in figures summed over every host of the database (this host's written first), each host's under
        // 'hosts'; loadContexts, unloadFailures and sandbox at the top are this host's, live.
        admin.MapGet("/stats", (SharedStatistics shared) =>
        {
            StatisticsView view;
            try
            {
                shared.Flush();
                view = shared.Read();
            }
            catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
            {
                throw new PipelineException(ErrorCodes.DatabaseUnavailable, $"the statistics could not be read from the database: {exception.Message}");
            }

            var own = shared.OwnCounters();
            return TypedResults.Json(new
            {
                plugins = view.Plugins,
                loadContexts = own.LoadContexts,
                unloadFailures = own.UnloadFailures,
                sandbox = own.Sandbox,
                hosts = view.Hosts,
            });
        });

        admin.MapGet("/jobs", (HttpContext http, JobStore jobs) =>
        {
            var status = http.Request.Query["status"].ToString();
            if (status.Length > 0 && !new[] { JobStore.Waiting, JobStore.InProgress, JobStore.Succeeded, JobStore.Failed, JobStore.Canceled }.Contains(status, StringComparer.OrdinalIgnoreCase))
            {
                throw PipelineException.BadRequest($"status '{status}' is not a job status: use Waiting, InProgress, Succeeded, Failed or Canceled");
            }

            return Results.Json(jobs.List(status.Length == 0 ? null : status, ParseTop(http, 100)));
        });
    }

    private static IResult SetEnabled(string id, bool enabled, RegistrationStore store, StepIndexProvider steps)
    {
        try
        {
            var step = store.SetStepEnabled(id, enabled);
            steps.Refresh();
            return Results.Json(ToJson(step));
        }
        catch (RegistrationException exception)
        {
            throw PipelineException.NotFound(exception.Message);
        }
    }

    private static object ToJson(StepRecord step) => new
    {
        id = step.Id,
        name = step.Name,
        type = step.TypeName,
        message = step.Message,
        entity = step.Entity,
        stage = step.Stage,
        mode = step.Mode == ExecutionMode.Asynchronous ? "async" : "sync",
        rank = step.Rank,
        enabled = step.Enabled,
        filteringAttributes = step.FilteringAttributes,
        hasSecureConfig = step.HasSecureConfig,
    };

    private static int ParseTop(HttpContext http, int fallback)
    {
        var text = http.Request.Query["top"].ToString();
        return text.Length == 0 ? fallback
            : int.TryParse(text, out var top) && top is > 0 and <= 10_000 ? top
            : throw PipelineException.BadRequest($"top must be a whole number from 1 to 10000, not '{text}'");
    }
}
