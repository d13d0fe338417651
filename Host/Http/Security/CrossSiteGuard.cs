namespace PluginHost.Host.Http.Security;

/// <summary>
/// Refuses requests a browser marks as coming from another site's page (403 <c>Forbidden</c>): <c>Sec-Fetch-Site</c>
/// other than same-origin or none, or an <c>Origin</c> other than the API's own.
/// </summary>
/// <remarks>
/// The API serves no pages and answers no CORS preflight, so no legitimate browser caller is refused. Without this, a
/// page open in a browser on the host's machine could make keyless loopback requests in Loopback mode, as the system
/// user: a form with no fields posts an empty body (nothing for the JSON-only rule to see), and an image tag runs a
/// RetrieveMultiple with its plug-ins. Programs (curl, HttpClient) send neither header.
/// </remarks>
internal sealed class CrossSiteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var refusal = site.Length > 0 && site is not ("same-origin" or "none")
            ? $"requests from web pages of other sites are refused (Sec-Fetch-Site: {site}): this API serves programs, not pages"
            : origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
                ? $"requests from web pages of another origin are refused (Origin: {origin}): this API serves programs, not pages"
                : null;
        return refusal is null ? next(http) : SecurityErrors.WriteAsync(http, StatusCodes.Status403Forbidden, SecurityErrors.Forbidden, refusal);
    }
}
