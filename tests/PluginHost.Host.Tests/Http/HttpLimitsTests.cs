using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Entities;

namespace PluginHost.Host.Tests.Http;

/// <summary>
/// The HTTP API's limits on a real host with a 1 MB body limit and pages of 5: every refusal is a 4xx in the error
/// JSON naming the input, nothing is stored, listings page, and a stored value JSON cannot hold still reads.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HttpLimitsTests() : HostTestBase("none")
{
    private const int PageSize = 5;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__MaxRequestBodyMb"] = "1",
        ["PluginHost__MaxPageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [TestCase(false)]
    [TestCase(true)]
    public async Task Create_BodyOverTheLimit_413PayloadTooLargeNamingItAndNothingStored(bool chunked)
    {
        var entity = NewEntity();
        var body = Encoding.UTF8.GetBytes($$"""{"blob":"{{new string('x', 1024 * 1024)}}"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entities/{entity}")
        {
            Content = chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await Host.Http.SendAsync(request);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        AssertError(response.StatusCode, error, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Content.Headers.ContentLength is null, Is.EqualTo(chunked), "the body went the way the case says");
            Assert.That(Message(error), Does.Contain("1 MB").And.Contain("PluginHost:MaxRequestBodyMb"));
            Assert.That(await RecordsAsync(entity), Is.Empty);
        }
    }

    [Test]
    public async Task Create_BodyJustUnderTheLimit_Stored()
    {
        var entity = NewEntity();

        var id = await Host.CreateAsync(entity, new { blob = new string('x', (1024 * 1024) - 100) });

        Assert.That(id, Is.Not.EqualTo(Guid.Empty));
    }

    [TestCase("GET", "/api/nothing-here", HttpStatusCode.NotFound, "NotFound", "GET /api/nothing-here")]
    [TestCase("GET", "/", HttpStatusCode.NotFound, "NotFound", "no endpoint")]
    [TestCase("PUT", "/api/entities/account", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "does not take PUT")]
    [TestCase("POST", "/health", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "does not take POST")]
    public async Task NoEndpoint_AnsweredInTheErrorShapeWithItsCorrelationId(string method, string path, HttpStatusCode expected, string code, string fragment)
    {
        var (status, body, correlation) = await SendAsync(new HttpMethod(method), path);

        AssertError(status, body, expected, code);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(body), Does.Contain(fragment));
            Assert.That(body.GetProperty("error").GetProperty("correlationId").GetString(), Is.EqualTo(correlation));
        }
    }

    [Test]
    public async Task WrongMethod_405KeepsTheAllowHeader()
    {
        using var response = await Host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/entities/account"));

        Assert.That(response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var allow) ? allow : []), Does.Contain("GET").And.Contain("POST"));
    }

    [Test]
    public async Task LongTarget_414UriTooLongInTheErrorShape()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/api/entities/account?name={new string('a', 9000)}");

        AssertError(status, body, HttpStatusCode.RequestUriTooLong, "UriTooLong");
        Assert.That(Message(body), Does.Contain("8,192").Or.Contain("8192"));
    }

    [Test]
    public async Task LargeHeaders_431HeadersTooLargeInTheErrorShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Padding", new string('a', 40_000));

        using var response = await Host.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        AssertError(response.StatusCode, body, HttpStatusCode.RequestHeaderFieldsTooLarge, "HeadersTooLarge");
    }

    [TestCase(40_000, 0, HttpStatusCode.RequestUriTooLong)]
    [TestCase(0, 80_000, HttpStatusCode.RequestHeaderFieldsTooLarge)]
    public async Task PastTwiceTheLimits_KestrelRefusesWithoutABodyAndTheHostServesOn(int targetLength, int headerLength, HttpStatusCode expected)
    {
        // Kestrel answers these itself, before any of the host's code: status only, which the README says.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/health?x={new string('a', targetLength)}");
        if (headerLength > 0)
        {
            request.Headers.Add("X-Padding", new string('a', headerLength));
        }

        using var response = await Host.Http.SendAsync(request);
        var (healthStatus, _, _) = await SendAsync(HttpMethod.Get, "/health");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected));
            Assert.That(healthStatus, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task List_MoreThanAPage_PagesThroughEveryRecordOnceInCreationOrder()
    {
        var entity = NewEntity();
        var created = new List<Guid>();
        for (var index = 0; index < 12; index++)
        {
            created.Add(await Host.CreateAsync(entity, new { n = index, kind = index % 3 == 0 ? "a" : "b" }));
        }

        var pages = new List<JsonElement>();
        var next = $"/api/entities/{entity}";
        while (next is not null && pages.Count < 10)
        {
            var (status, page, _) = await SendAsync(HttpMethod.Get, next);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), page.ToString);
            pages.Add(page);
            next = page.TryGetProperty("nextLink", out var link) ? link.GetString() : null;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.Select(page => page.GetProperty("value").GetArrayLength()), Is.EqualTo(new[] { 5, 5, 2 }));
            Assert.That(pages.Select(page => page.GetProperty("moreRecords").GetBoolean()), Is.EqualTo(new[] { true, true, false }));
            Assert.That(pages.SelectMany(page => page.GetProperty("value").EnumerateArray()).Select(record => record.GetProperty("id").GetGuid()), Is.EqualTo(created));
        }
    }

    [Test]
    public async Task List_NextLink_KeepsTheFilterColumnsAndPageSize()
    {
        var entity = NewEntity();
        for (var index = 0; index < 7; index++)
        {
            await Host.CreateAsync(entity, new { n = index, kind = index % 2 == 0 ? "even" : "odd" });
        }

        var first = await PageAsync($"/api/entities/{entity}?kind=even&columns=n&pagesize=3");
        var second = await PageAsync(first.GetProperty("nextLink").GetString()!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ns(first), Is.EqualTo(new[] { 0, 2, 4 }));
            Assert.That(Ns(second), Is.EqualTo(new[] { 6 }));
            Assert.That(second.GetProperty("moreRecords").GetBoolean(), Is.False);
            Assert.That(second.TryGetProperty("nextLink", out _), Is.False);
            Assert.That(second.GetProperty("value")[0].EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "id", "n" }));
        }
    }

    [Test]
    public async Task List_Top_AtMostThatManyAndNoNextPage()
    {
        var entity = NewEntity();
        for (var index = 0; index < 7; index++)
        {
            await Host.CreateAsync(entity, new { n = index });
        }

        var page = await PageAsync($"/api/entities/{entity}?top={PageSize}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ns(page), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
            Assert.That(page.GetProperty("moreRecords").GetBoolean(), Is.False);
            Assert.That(page.TryGetProperty("nextLink", out _), Is.False);
        }
    }

    [Test]
    public async Task List_StoredValuesNoJsonNumberHolds_ReadAsTypedTextNeverA500()
    {
        // Rows as an earlier version (or a trusted plug-in, before the store refused them) could leave them.
        var entity = NewEntity();
        var id = InsertStoredRow(entity, new Entity(entity)
        {
            ["nan"] = double.NaN,
            ["inf"] = double.PositiveInfinity,
            ["neginf"] = double.NegativeInfinity,
            ["first"] = DateTime.MinValue,
            ["last"] = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
            ["most"] = decimal.MaxValue,
            ["half"] = "\ud800",
        });

        var list = await PageAsync($"/api/entities/{entity}");
        var (retrieveStatus, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");
        var (updateStatus, _, _) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { name = "changed" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.GetProperty("value").GetArrayLength(), Is.EqualTo(1));
            Assert.That(retrieveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(record.GetProperty("nan").GetRawText(), Is.EqualTo("""{"@type":"Double","value":"NaN"}"""));
            Assert.That(record.GetProperty("inf").GetRawText(), Is.EqualTo("""{"@type":"Double","value":"Infinity"}"""));
            Assert.That(record.GetProperty("neginf").GetRawText(), Is.EqualTo("""{"@type":"Double","value":"-Infinity"}"""));
            Assert.That(record.GetProperty("last").GetProperty("value").GetString(), Is.EqualTo("9999-12-31T23:59:59.9999999Z"));
            Assert.That(record.GetProperty("most").GetProperty("value").GetRawText(), Is.EqualTo("79228162514264337593543950335"));
            Assert.That(record.GetProperty("half").GetString(), Is.EqualTo("\uFFFD"));
            Assert.That(updateStatus, Is.EqualTo(HttpStatusCode.NoContent), "a record holding a NaN stays changeable");
        }
    }

    private static readonly string HugeToken = Base64Url.EncodeToString("<cookie page=\"2147483647\" />"u8);

    // One case per bad input of issue 12: each a 400 BadRequest naming the input, and nothing stored.
    [TestCase("POST", "{e}", """{"x":NaN}""", "not valid JSON")]
    [TestCase("POST", "{e}", """{"x":Infinity}""", "not valid JSON")]
    [TestCase("POST", "{e}", """{"x":-Infinity}""", "not valid JSON")]
    [TestCase("POST", "{e}", """{"x":1e400}""", "'x' is the number 1e400")]
    [TestCase("POST", "{e}", """{"x":-1e400}""", "'x' is the number -1e400")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Double","value":1e400}}""", "'x' needs a finite number")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Double","value":"NaN"}}""", "not \"NaN\"")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Double","value":"Infinity"}}""", "not \"Infinity\"")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Double","value":"-Infinity"}}""", "not \"-Infinity\"")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Money","value":1e400}}""", "'x' needs a number that fits a decimal")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Int64","value":1e19}}""", "'x' needs a whole number that fits Int64")]
    [TestCase("POST", "{e}", """{"x":"\ud800"}""", "'x' is not valid Unicode")]
    [TestCase("POST", "{e}", """{"x":"\udfff tail"}""", "'x' is not valid Unicode")]
    [TestCase("POST", "{e}", """{"\ud800":1}""", "a key in the request body is not valid Unicode")]
    [TestCase("POST", "{e}", """{"":1}""", "attribute name is empty")]
    [TestCase("POST", "{e}", """{"id":"6f1d1b9e-0000-4000-8000-000000000001"}""", "'id' is the record's id")]
    [TestCase("POST", "{e}", """{"{e}id":"6f1d1b9e-0000-4000-8000-000000000001"}""", "'{e}id' is the record's id")]
    [TestCase("PATCH", "{e}/6f1d1b9e-0000-4000-8000-000000000001", """{"id":1}""", "'id' is the record's id")]
    [TestCase("POST", "{e}", """{"name":"a","name":"b"}""", "names 'name' twice")]
    [TestCase("POST", "{e}", """{"x":{"@type":"Money","value":1,"value":2}}""", "names 'x.value' twice")]
    [TestCase("POST", "{e}", """{"name\n":1}""", "is not a valid attribute name")]
    [TestCase("POST", "{e}", """{"x":{"@type":"DateTime","value":"0001-01-01T00:00:00+05:00"}}""", "'0001-01-01T00:00:00+05:00' is not a valid date")]
    [TestCase("POST", "{e}", """{"x":{"@type":"DateTime","value":"9999-12-31T23:00:00-05:00"}}""", "'9999-12-31T23:00:00-05:00' is not a valid date")]
    [TestCase("POST", "{e}", """{"x":{"@type":"DateTime","value":"2026-02-30T00:00:00Z"}}""", "'2026-02-30T00:00:00Z' is not a valid date")]
    [TestCase("POST", "{e}%0A", """{"x":1}""", "is not a valid entity logical name")]
    [TestCase("GET", "{e}?top=99999999999", null, "'top' must be a whole number from 1 to 5, not '99999999999'")]
    [TestCase("GET", "{e}?top=6", null, "'top' must be a whole number from 1 to 5, not '6'")]
    [TestCase("GET", "{e}?top=0", null, "'top' must be a whole number from 1 to 5, not '0'")]
    [TestCase("GET", "{e}?top=-1", null, "'top' must be a whole number from 1 to 5, not '-1'")]
    [TestCase("GET", "{e}?pagesize=99999999999", null, "'pagesize' must be a whole number from 1 to 5, not '99999999999'")]
    [TestCase("GET", "{e}?skiptoken=!!!", null, "'skiptoken' is not one this host gave out")]
    [TestCase("GET", "{e}?skiptoken={huge}", null, "'skiptoken' is not one this host gave out")]
    [TestCase("GET", "{e}?top=2&pagesize=2", null, "leave out 'pagesize'")]
    [TestCase("GET", "{e}?name=a&name=b", null, "'name' is given 2 times")]
    [TestCase("GET", "{e}?columns=name,bad%20name", null, "'bad name', which is not a valid attribute name")]
    [TestCase("GET", "{e}?name%0A=a", null, "is not a valid attribute name to filter on")]
    [TestCase("GET", "{e}/6f1d1b9e-0000-4000-8000-000000000001?columns=a%0Ab", null, "which is not a valid attribute name")]
    public async Task BadInput_400NamingItAndNothingStored(string method, string path, string? body, string fragment)
    {
        var entity = NewEntity();
        await Host.CreateAsync(entity, new { name = "existing" });
        path = path.Replace("{e}", entity, StringComparison.Ordinal).Replace("{huge}", HugeToken, StringComparison.Ordinal);
        body = body?.Replace("{e}", entity, StringComparison.Ordinal);

        var (status, error, _) = await SendAsync(new HttpMethod(method), $"/api/entities/{path}", body);

        AssertError(status, error, HttpStatusCode.BadRequest, "BadRequest");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(error), Does.Contain(fragment.Replace("{e}", entity, StringComparison.Ordinal)));
            Assert.That((await RecordsAsync(entity)).Select(record => record.GetProperty("name").GetString()), Is.EqualTo(new[] { "existing" }));
        }
    }

    [Test]
    public async Task Create_InvalidUtf8_400NamingTheOffset()
    {
        var entity = NewEntity();
        using var content = new ByteArrayContent([.. "{\"name\":\""u8, 0xFF, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await Host.Http.PostAsync($"/api/entities/{entity}", content);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        AssertError(response.StatusCode, error, HttpStatusCode.BadRequest, "BadRequest");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(error), Does.Contain("not valid UTF-8").And.Contain("offset 9"));
            Assert.That(await RecordsAsync(entity), Is.Empty);
        }
    }

    [Test]
    public async Task Message_EmptyParameterName_400()
    {
        var (status, error, _) = await SendAsync(HttpMethod.Post, "/api/messages/WhoAmI", """{"":1}""");

        AssertError(status, error, HttpStatusCode.BadRequest, "BadRequest");
        Assert.That(Message(error), Does.Contain("parameter name is empty"));
    }

    private static string Message(JsonElement error) => error.GetProperty("error").GetProperty("message").GetString()!;

    private static int[] Ns(JsonElement page) => page.GetProperty("value").EnumerateArray().Select(record => record.GetProperty("n").GetInt32()).ToArray();

    private async Task<JsonElement> PageAsync(string path)
    {
        var (status, page, _) = await SendAsync(HttpMethod.Get, path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), page.ToString);
        return page;
    }

    private Guid InsertStoredRow(string entity, Entity record)
    {
        var id = Guid.NewGuid();
        using var connection = new SqliteConnection($"Data Source={Host.Database};Pooling=False");
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 5000");
        connection.Execute(
            "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@entity, @id, @attributes, @now, @now, 1)",
            new { entity, id = id.ToString(), attributes = EntityRepository.Encode(record.Attributes), now = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        return id;
    }

    /// <summary>A body whose length HttpClient cannot know, so that it goes chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
