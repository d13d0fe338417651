namespace PluginHost.Host.Http.Security;

/// <summary>The refusals of the security layer, in the API's error shape <c>{"error":{"code","message","correlationId"}}</c>.</summary>
internal static class SecurityErrors
{
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string UnsupportedMediaType = "UnsupportedMediaType";

    public static Task WriteAsync(HttpContext http, int status, string code, string message) =>
        ApiErrors.WriteAsync(http, status, code, message);
}
