using System.Text.Json;
using Microsoft.Extensions.Options;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http;

/// <summary>
/// Turns failures into <c>{"error":{"code","message","correlationId"}}</c> with the status of SPEC §8. A client's
/// mistake is a 4xx naming the problem; an unexpected host failure is logged and never shows a stack trace. What no
/// endpoint answered (an unknown path, a method a path does not take) gets the same shape.
/// </summary>
internal sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger, IOptions<PluginHostOptions> options)
{
    public const string CorrelationItem = "PluginHost.CorrelationId";

    /// <summary>The path exists but does not take the request's method.</summary>
    public const string MethodNotAllowed = "MethodNotAllowed";

    /// <summary>The request target is longer than the host serves.</summary>
    public const string UriTooLong = "UriTooLong";

    /// <summary>The request headers are larger than the host serves.</summary>
    public const string HeadersTooLarge = "HeadersTooLarge";

    /// <summary>What a request the client gave up on is logged with (nginx's "client closed request").</summary>
    public const int ClientClosedRequest = 499;

    private const int ShownPathCharacters = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Guid.NewGuid();
        context.Items[CorrelationItem] = correlationId;
        context.Response.Headers["X-Correlation-Id"] = correlationId.ToString();
        if (HttpLimits.Check(context.Request) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Code, refused.Message, correlationId);
            return;
        }

        try
        {
            await next(context);
            if (IsBareError(context.Response))
            {
                await WriteAsync(context, context.Response.StatusCode, CodeOf(context.Response.StatusCode), BareErrorMessage(context), correlationId);
            }
        }
        catch (Exception exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: no one reads an answer, and nothing failed on the host's side (the operation rolled
            // back). Logged as nginx's 499, at Information, never as an error.
            context.Response.StatusCode = ClientClosedRequest;
            logger.LogInformation(
                "Request {Method} {Path} was cancelled by its client ({Status}; correlation {CorrelationId}): {Reason}",
                context.Request.Method,
                context.Request.Path,
                ClientClosedRequest,
                correlationId,
                exception.GetType().Name);
        }
        catch (Exception exception) when (Storage.DatabaseErrors.UnavailableCause(exception) is { } cause)
        {
            Storage.DatabaseErrors.ForgetBrokenConnections(cause);
            var database = context.RequestServices.GetRequiredService<Storage.HostDatabase>().Display;
            logger.LogWarning(
                "Request {Method} {Path} failed: database {Database} unavailable (correlation {CorrelationId}): {Reason}",
                context.Request.Method,
                context.Request.Path,
                database,
                correlationId,
                OneLine(cause.Message));
            await WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.DatabaseUnavailable,
                $"the database '{database}' is unavailable ({OneLine(cause.Message)}); nothing was saved: try again later",
                correlationId);
        }
        catch (PipelineException exception)
        {
            await WriteAsync(context, ErrorCodes.StatusOf(exception.Code), exception.Code, exception.Message, correlationId);
        }
        catch (BadHttpRequestException exception)
        {
            var message = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the request body is larger than the limit of {options.Value.MaxRequestBodyMb} MB (PluginHost:MaxRequestBodyMb)"
                : exception.Message;
            await WriteAsync(context, exception.StatusCode, CodeOf(exception.StatusCode), message, correlationId);
        }
        catch (JsonException exception)
        {
            await WriteAsync(context, 400, ErrorCodes.BadRequest, $"the request body is not valid JSON: {exception.Message}", correlationId);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Request {Method} {Path} failed (correlation {CorrelationId})", context.Request.Method, context.Request.Path, correlationId);
            await WriteAsync(context, 500, "InternalError", $"The host could not complete the request. Correlation id: {correlationId}.", correlationId);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    public static Guid CorrelationOf(HttpContext context) =>
        context.Items.TryGetValue(CorrelationItem, out var value) && value is Guid id ? id : Guid.NewGuid();

    /// <summary>An error status with nothing written yet: routing's 404 and 405, or a bare status result.</summary>
    private static bool IsBareError(HttpResponse response) =>
        response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    private static string CodeOf(int status) => status switch
    {
        400 => ErrorCodes.BadRequest,
        401 => Security.SecurityErrors.Unauthorized,
        403 => Security.SecurityErrors.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => MethodNotAllowed,
        413 => ErrorCodes.PayloadTooLarge,
        414 => UriTooLong,
        415 => Security.SecurityErrors.UnsupportedMediaType,
        431 => HeadersTooLarge,
        >= 500 => "InternalError",
        _ => ErrorCodes.BadRequest,
    };

    private static string BareErrorMessage(HttpContext context)
    {
        var path = context.Request.Path.ToString();
        var shown = path.Length <= ShownPathCharacters ? path : $"{path[..ShownPathCharacters]}…";
        return context.Response.StatusCode switch
        {
            404 => $"there is no endpoint at {context.Request.Method} {shown}: the API is under /api/entities, /api/messages and /api/admin, with /health",
            405 => context.Response.Headers.Allow is { Count: > 0 } allowed
                ? $"{shown} does not take {context.Request.Method}; it takes {string.Join(", ", allowed.ToArray())}"
                : $"{shown} does not take {context.Request.Method}",
            var status => $"the request was refused with status {status}",
        };
    }

    /// <summary>Writes the error JSON with the request's correlation id, unless the response has started.</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, code, message, CorrelationOf(context));

    private static async Task WriteAsync(HttpContext context, int status, string code, string message, Guid correlationId)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        // Clear() drops the headers too: keep Allow for a 405 and WWW-Authenticate for a 401, as HTTP asks.
        var allow = context.Response.Headers.Allow;
        var challenge = context.Response.Headers.WWWAuthenticate;
        context.Response.Clear();
        if (status == StatusCodes.Status405MethodNotAllowed && allow.Count > 0)
        {
            context.Response.Headers.Allow = allow;
        }

        if (status == StatusCodes.Status401Unauthorized && challenge.Count > 0)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        context.Response.Headers["X-Correlation-Id"] = correlationId.ToString();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsJsonAsync(new { error = new { code, message, correlationId } });
    }
}
