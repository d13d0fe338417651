using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Store;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Endpoints;

/// <summary>
/// Posts execution contexts to registered service endpoints (webhooks), always from the host: in-process plug-ins get
/// this service itself, sandboxed ones reach <see cref="Post"/> through a <see cref="ServiceEndpointCall"/>.
/// A 2xx answer is success and its body the result; anything else is a <see cref="ServiceEndpointException"/>.
/// </summary>
internal sealed class ServiceEndpointNotifier(RegistrationStore store, IOptions<PluginHostOptions> options, ILogger<ServiceEndpointNotifier> logger)
    : IServiceEndpointNotificationService, IDisposable
{
    // Bounds what a plug-in gets back; an endpoint answering more is a failure, not an out-of-memory host.
    private const int MaxResponseBytes = 4 * 1024 * 1024;

    // Redirects are not followed: a webhook answering 3xx has moved, which the operator should see as a failure.
    private readonly HttpClient client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxResponseBytes,
    };

    /// <summary>The in-process plug-in's view: failures become the exception plug-ins see in both isolations.</summary>
    public string Execute(EntityReference serviceEndpoint, IExecutionContext context)
    {
        try
        {
            return Post(serviceEndpoint, context);
        }
        catch (ServiceEndpointException exception)
        {
            throw ServiceEndpointCall.Failure(exception.Message);
        }
    }

    /// <summary>Posts <paramref name="context"/> as JSON to the endpoint named by id or name and returns the response body.</summary>
    /// <exception cref="ServiceEndpointException">The endpoint is unknown, unreachable, too slow, or answered a non-2xx status.</exception>
    public string Post(EntityReference serviceEndpoint, IExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(serviceEndpoint);
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = store.FindServiceEndpoint(serviceEndpoint.Id, serviceEndpoint.Name)
            ?? throw new ServiceEndpointException(
                $"No service endpoint has the id {serviceEndpoint.Id}{(string.IsNullOrWhiteSpace(serviceEndpoint.Name) ? "" : $" or the name '{serviceEndpoint.Name}'")}: register it with 'pluginreg endpoint register --name N --url U' and pass its id (or its name in EntityReference.Name).");
        var timeout = TimeSpan.FromSeconds(options.Value.ServiceEndpointTimeoutSeconds);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(ExecutionContextJson.Serialize(context)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("x-ms-correlation-request-id", context.CorrelationId.ToString());
        request.Headers.TryAddWithoutValidation("x-ms-dynamics-request-name", context.MessageName);
        request.Headers.TryAddWithoutValidation("x-ms-dynamics-entity-name", context.PrimaryEntityName);
        string? authHeader;
        try
        {
            authHeader = store.ReadServiceEndpointAuthHeader(endpoint.Id);
        }
        catch (Registration.RegistrationException exception)
        {
            throw new ServiceEndpointException($"Service endpoint '{endpoint.Name}' was not called: {exception.Message}.");
        }

        if (authHeader is not null)
        {
            var (name, value) = ServiceEndpointRules.SplitAuthHeader(authHeader);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var started = Stopwatch.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var response = client.Send(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            using var reader = new StreamReader(response.Content.ReadAsStream(deadline.Token));
            var body = reader.ReadToEnd();
            var status = (int)response.StatusCode;
            Log(endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture), started, context);
            return response.IsSuccessStatusCode
                ? body
                : throw new ServiceEndpointException(
                    $"Service endpoint '{endpoint.Name}' answered {status} {response.ReasonPhrase}{Excerpt(body)}; only a 2xx status is success.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log(endpoint, "timeout", started, context);
            throw new ServiceEndpointException(
                $"Service endpoint '{endpoint.Name}' did not answer within {timeout.TotalSeconds:0} s (PluginHost:ServiceEndpointTimeoutSeconds).");
        }
        catch (HttpRequestException exception)
        {
            Log(endpoint, "unreachable", started, context);
            throw new ServiceEndpointException($"Service endpoint '{endpoint.Name}' could not be reached ({exception.HttpRequestError})", exception);
        }
    }

    public void Dispose() => client.Dispose();

    private static string Excerpt(string body)
    {
        const int Max = 200;
        var trimmed = body.Trim();
        return trimmed.Length == 0 ? "" : $": {(trimmed.Length <= Max ? trimmed : string.Concat(trimmed.AsSpan(0, Max), "…"))}";
    }

    /// <summary>
    /// The endpoint's URL without its query string or fragment, which often carry a key (Azure Functions' ?code=):
    /// neither the plug-in nor the log gets those.
    /// </summary>
    private static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(unparsable URL)";

    private void Log(ServiceEndpointRecord endpoint, string status, long started, IExecutionContext context) =>
        logger.LogInformation(
            "Posted {Message} of {Entity} to service endpoint {Endpoint} ({Url}): {Status} in {DurationMs:0} ms (correlation {CorrelationId})",
            context.MessageName,
            context.PrimaryEntityName,
            endpoint.Name,
            Redacted(endpoint.Url),
            status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            context.CorrelationId);
}

/// <summary>A service-endpoint post failed; its message says which endpoint and why, for the plug-in and the caller.</summary>
internal sealed class ServiceEndpointException : Exception
{
    public ServiceEndpointException(string message)
        : base(message)
    {
    }

    public ServiceEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
