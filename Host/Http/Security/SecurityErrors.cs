namespace PluginHost.Host.Http.Security;

/// <summary>The refusals of the security layer, in the API's error shape <c>{"error":{"code","message","correlationId"}}</c>.</summary>
internal static class SecurityErrors
{
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string UnsupportedMediaType = "UnsupportedMediaType";

    public static async Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        var correlationId = ApiErrors.CorrelationOf(http);
        http.Response.StatusCode = status;
        http.Response.Headers["X-Correlation-Id"] = correlationId.ToString();
        await http.Response.WriteAsJsonAsync(new { error = new { code, message, correlationId } });
    }
}
