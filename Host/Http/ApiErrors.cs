using System.Text.Json;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http;

/// <summary>
/// Turns failures into <c>{"error":{"code","message","correlationId"}}</c> with the status of SPEC §8. A client's
/// mistake is a 4xx naming the problem; an unexpected host failure is logged and never shows a stack trace.
/// </summary>
internal sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public const string CorrelationItem = "PluginHost.CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Guid.NewGuid();
        context.Items[CorrelationItem] = correlationId;
        context.Response.Headers["X-Correlation-Id"] = correlationId.ToString();
        try
        {
            await next(context);
        }
        catch (PipelineException exception)
        {
            await WriteAsync(context, ErrorCodes.StatusOf(exception.Code), exception.Code, exception.Message, correlationId);
        }
        catch (BadHttpRequestException exception)
        {
            await WriteAsync(context, exception.StatusCode, ErrorCodes.BadRequest, exception.Message, correlationId);
        }
        catch (JsonException exception)
        {
            await WriteAsync(context, 400, ErrorCodes.BadRequest, $"the request body is not valid JSON: {exception.Message}", correlationId);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Request {Method} {Path} failed (correlation {CorrelationId})", context.Request.Method, context.Request.Path, correlationId);
            await WriteAsync(context, 500, "InternalError", $"The host could not complete the request. Correlation id: {correlationId}.", correlationId);
        }
    }

    public static Guid CorrelationOf(HttpContext context) =>
        context.Items.TryGetValue(CorrelationItem, out var value) && value is Guid id ? id : Guid.NewGuid();

    private static async Task WriteAsync(HttpContext context, int status, string code, string message, Guid correlationId)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.Headers["X-Correlation-Id"] = correlationId.ToString();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsJsonAsync(new { error = new { code, message, correlationId } });
    }
}
