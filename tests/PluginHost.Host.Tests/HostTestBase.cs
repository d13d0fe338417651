using System.Net;
using System.Text.Json;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests;

/// <summary>
/// One real host per fixture on the fixture's database backend, with the pipeline test plug-ins registered with the
/// fixture's isolation (trusted unless the fixture says <c>sandbox</c>); each test works on entity names of its own, so
/// its steps never fire for another test.
/// </summary>
/// <param name="isolation">
/// <c>none</c> or <c>sandbox</c>: pipeline fixtures take it as an NUnit fixture argument and run once with each, since
/// every pipeline rule must hold for sandboxed plug-ins too.
/// </param>
/// <param name="backend">
/// Where the host keeps its data: a SQLite file (the default), or a fresh database on the test run's PostgreSQL server.
/// Pipeline fixtures take it as their second fixture argument, so every pipeline rule is checked on both backends and a
/// failure's test name says which. Trusted plug-ins run every such fixture on both; sandboxed ones on PostgreSQL only
/// where the sandbox meets the store differently (nested calls inside the transaction, failures rolling it back,
/// concurrent requests: Request, Failure and Concurrency tests). Whatever else a sandboxed plug-in does with the store
/// travels that same nested-call path, and the full square cost the test run about three minutes.
/// </param>
internal abstract class HostTestBase(string isolation = "none", DatabaseBackend backend = DatabaseBackend.Sqlite)
{
    private static int _entityCounter;

    protected HostProcess Host { get; private set; } = null!;

    /// <summary>Isolation the fixture registers the pipeline plug-ins with.</summary>
    protected string Isolation { get; } = isolation;

    /// <summary>Database backend the fixture's host runs on.</summary>
    protected DatabaseBackend Backend { get; } = backend;

    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        Host = await HostProcess.StartAsync(Backend, Settings);
        Host.RegisterAssembly("Pipeline", Isolation);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        var log = Host.Log;
        await Host.DisposeAsync();
        Host.DeleteFolder();
        Assert.That(log, Does.Not.Contain(" ERROR "), "the host logged an error");
    }

    /// <summary>A fresh entity logical name for one test.</summary>
    protected static string NewEntity(string prefix = "e") => $"{prefix}{Interlocked.Increment(ref _entityCounter)}_{TestContext.CurrentContext.Random.GetString(4, "abcdefghijklmnopqrstuvwxyz")}";

    protected string Step(string type, string message, string entity, object stage, params string[] more) =>
        Host.RegisterStep(["--type", $"TestPlugins.Pipeline.{type}", "--message", message, "--entity", entity, "--stage", stage.ToString()!, .. more]);

    protected async Task<(HttpStatusCode Status, JsonElement Body, string CorrelationId)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        using var response = await Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var correlation = response.Headers.TryGetValues("X-Correlation-Id", out var values) ? values.Single() : "";
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), correlation);
    }

    /// <summary>key=value lines a ContextReporter traced, per trace row.</summary>
    protected static IReadOnlyDictionary<string, string> Fields(JsonElement traceRow) =>
        (traceRow.GetProperty("traceText").GetString() ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0])
            .ToDictionary(group => group.Key, group => group.First()[1]);

    protected async Task<IReadOnlyList<JsonElement>> RecordsAsync(string entity, string query = "")
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}{query}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
        return body.GetProperty("value").EnumerateArray().ToList();
    }

    protected static void AssertError(HttpStatusCode status, JsonElement body, HttpStatusCode expectedStatus, string expectedCode)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(expectedStatus), body.ToString);
            Assert.That(body.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo(expectedCode), body.ToString);
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(Guid.TryParse(body.GetProperty("error").GetProperty("correlationId").GetString(), out _), Is.True);
        }
    }
}
