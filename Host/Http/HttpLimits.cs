using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PluginHost.Host.Http;

/// <summary>
/// The HTTP limits against memory exhaustion: the request body (<c>PluginHost:MaxRequestBodyMb</c>, enforced by
/// Kestrel), the request target (8 KB) and the headers (32 KB in all).
/// </summary>
/// <remarks>
/// Kestrel answers a request line or headers over its own limits with an empty 414 or 431 before any middleware runs
/// (that answer cannot be customised). So Kestrel's limits are set at twice the host's, and the host checks its own
/// first: up to twice the limit, the refusal comes in the error JSON with a correlation id; past that, Kestrel's empty
/// one is all there is.
/// </remarks>
internal static class HttpLimits
{
    /// <summary>Longest request target (path and query string) the host serves.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>Most bytes of header names and values the host serves.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Sets Kestrel's limits from the (already validated) configuration.</summary>
    public static void ConfigureKestrel(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var options = configuration.GetSection(PluginHostOptions.Section).Get<PluginHostOptions>() ?? new PluginHostOptions();
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyMb * 1024L * 1024L;
        kestrel.Limits.MaxRequestLineSize = 2 * MaxTargetBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
    }

    /// <summary>The refusal of a request over the target or header limit, or null when it is within them.</summary>
    public static (int Status, string Code, string Message)? Check(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget
            ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        if (target.Length > MaxTargetBytes)
        {
            return (414, ApiErrors.UriTooLong, $"the request target (path and query string) is {target.Length:N0} characters long; the limit is {MaxTargetBytes:N0}");
        }

        long headerBytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            // As on the wire: "name: value" and a line break per value.
            foreach (var value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return headerBytes > MaxHeaderBytes
            ? (431, ApiErrors.HeadersTooLarge, $"the request headers take {headerBytes:N0} bytes; the limit is {MaxHeaderBytes:N0}")
            : null;
    }
}
