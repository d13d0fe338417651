using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PluginHost.Host.Tests.Endpoints;

/// <summary>One request the listener received.</summary>
internal sealed record WebhookRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, JsonElement Body);

/// <summary>
/// A real HTTP server on loopback standing in for a webhook: <c>/ok</c> answers 200 with a body naming the request's
/// number, <c>/fail</c> answers 500, <c>/hold</c> answers only once <see cref="Release"/> is called.
/// </summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public WebhookListener()
    {
        var port = HostProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"{BaseUrl}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // Stopping the listener ends the pending GetContextAsync this way.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var path = context.Request.Url!.AbsolutePath;
        Requests.Enqueue(new WebhookRequest(
            context.Request.HttpMethod,
            path,
            context.Request.ContentType,
            context.Request.Headers.AllKeys.Where(key => key is not null).ToDictionary(key => key!, key => context.Request.Headers[key]!, StringComparer.OrdinalIgnoreCase),
            text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone()));
        var number = Interlocked.Increment(ref _count);
        var (status, body) = path switch
        {
            "/ok" => (200, $"accepted #{number}"),
            "/fail" => (500, "the webhook is broken"),
            "/hold" => (200, await HoldAsync()),
            _ => (404, "no such hook"),
        };
        try
        {
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The host gave up (the /hold case): nobody is left to answer.
        }
    }

    private async Task<string> HoldAsync()
    {
        await _released.Task;
        return "too late";
    }
}
