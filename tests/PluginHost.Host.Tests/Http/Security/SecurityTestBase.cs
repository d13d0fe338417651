using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PluginHost.Host.Tests.Http.Security;

/// <summary>What a request got back.</summary>
internal sealed record Reply(HttpStatusCode Status, JsonElement Body, string CorrelationId, HttpResponseHeaders Headers)
{
    public string? ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    public string ErrorMessage => Body.GetProperty("error").GetProperty("message").GetString() ?? "";

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>
/// One real host per fixture with an admin key set and a ContextReporter at PreOperation of Create on an entity of the
/// fixture's own, so a test sees the UserId and InitiatingUserId a plug-in got.
/// </summary>
internal abstract class SecurityTestBase : HostTestBase
{
    protected const string AdminKey = "admin-key-of-the-security-tests";

    /// <summary>The entity whose Create the ContextReporter step watches.</summary>
    protected string Entity { get; private set; } = "";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>(ModeSettings) { ["PLUGINHOST_ADMIN_KEY"] = AdminKey };

    /// <summary>The fixture's own settings.</summary>
    protected virtual IDictionary<string, string> ModeSettings => new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task RegisterContextReporterAsync()
    {
        Entity = NewEntity("sec");
        Step("ContextReporter", "Create", Entity, 20);
        await Host.WaitForRegistrationsAsync();
    }

    /// <summary>Adds a user with pluginreg (as a process) and waits until the host knows it.</summary>
    protected async Task<(Guid Id, string Name, string Key)> AddUserAsync(params string[] options)
    {
        var name = NewEntity("user");
        var added = Host.Reg(["user", "add", name, .. options]);
        await Host.WaitForRegistrationsAsync();
        return (added.GetProperty("id").GetGuid(), name, added.GetProperty("key").GetString()!);
    }

    /// <summary>Sends a request with <paramref name="key"/> as its bearer key (none when null) and JSON <paramref name="body"/>.</summary>
    protected async Task<Reply> CallAsync(HttpMethod method, string path, string? key = null, object? body = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        configure?.Invoke(request);
        using var response = await Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var correlation = response.Headers.TryGetValues("X-Correlation-Id", out var values) ? values.Single() : "";
        return new Reply(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), correlation, response.Headers);
    }

    /// <summary>A Create on <see cref="Entity"/>.</summary>
    protected Task<Reply> CreateAsync(string? key, Action<HttpRequestMessage>? configure = null) =>
        CallAsync(HttpMethod.Post, $"/api/entities/{Entity}", key, new { name = "x" }, configure);

    /// <summary>What the ContextReporter saw in the request with <paramref name="correlationId"/> (read with the admin key).</summary>
    protected async Task<IReadOnlyDictionary<string, string>> ReportedAsync(string correlationId)
    {
        var traces = await CallAsync(HttpMethod.Get, $"/api/admin/traces?correlationId={correlationId}", AdminKey);
        Assert.That(traces.Status, Is.EqualTo(HttpStatusCode.OK), traces.ToString);
        return Fields(traces.Body.EnumerateArray().Single(row => row.GetProperty("pluginType").GetString() == "TestPlugins.Pipeline.ContextReporter"));
    }

    /// <summary>Asserts an error reply with its status, code and a message containing <paramref name="fragment"/>.</summary>
    protected static void AssertRefused(Reply reply, HttpStatusCode status, string code, string fragment = "")
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(status), reply.ToString);
            Assert.That(reply.ErrorCode, Is.EqualTo(code), reply.ToString);
            Assert.That(reply.ErrorMessage, Does.Contain(fragment), reply.ToString);
            Assert.That(Guid.TryParse(reply.Body.GetProperty("error").GetProperty("correlationId").GetString(), out _), Is.True, reply.ToString);
        }
    }
}
