using PluginHost.Host.Http;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Storage;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"Healthy","registrationRevision":N}</c>, or 503
/// <c>{"status":"Unhealthy","reason":...}</c> once the database file has gone from under the host, or while the
/// PostgreSQL server does not answer; and the 503 every other request gets once the SQLite file has gone, in the error
/// shape, before it can touch the database (on PostgreSQL a request that cannot reach the server gets it from
/// <see cref="ApiErrors"/>, and the next one after the server is back succeeds).
/// </summary>
internal static class HealthEndpoint
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/health", async (HttpContext http, StepIndexProvider steps, DatabaseWatch database) =>
            await database.ProbeAsync(http.RequestAborted) is { } problem
                ? Results.Json(new { status = "Unhealthy", reason = problem, registrationRevision = steps.Current.Revision }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { status = "Healthy", registrationRevision = steps.Current.Revision }));
    }

    /// <summary>Answers 503 <c>DatabaseUnavailable</c> to API requests while the database is unavailable.</summary>
    public static void UseDatabaseAvailability(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && context.RequestServices.GetRequiredService<DatabaseWatch>().Problem is { } problem)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.DatabaseUnavailable, problem);
            return;
        }

        await next(context);
    });
}
