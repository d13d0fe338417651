using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// POST, PATCH and PUT bodies must be <c>application/json</c> (UTF-8), else 415 <c>UnsupportedMediaType</c>: the
/// content types a web page can post without a CORS preflight (forms, <c>text/plain</c>) are all refused. A request
/// without a body may omit the type (an admin <c>.../disable</c>, a message with no parameters); one that names a
/// type must name JSON.
/// </summary>
internal sealed class JsonBodies(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsPut(request.Method)))
        {
            return next(http);
        }

        var hasBody = http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        var refusal = request.ContentType is null && !hasBody ? null : Refusal(request.ContentType);
        return refusal is null
            ? next(http)
            : SecurityErrors.WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, SecurityErrors.UnsupportedMediaType, refusal);
    }

    private static string? Refusal(string? contentType)
    {
        if (contentType is null)
        {
            return "the request has a body but no Content-Type: send 'Content-Type: application/json'";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return $"request bodies must be JSON, sent as 'Content-Type: application/json', not '{contentType}'";
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        return charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? $"JSON bodies are read as UTF-8: charset '{charset}' is not accepted"
            : null;
    }
}
