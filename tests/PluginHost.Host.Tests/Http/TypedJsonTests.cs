using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Http;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Tests.Http;

/// <summary>
/// Attribute JSON in process: every value a record can hold is written as valid JSON (no stored value can make a
/// listing fail), and a body is read through the same code the HTTP endpoints use.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TypedJsonTests
{
    private static IEnumerable<TestCaseData> ValuesNoJsonNumberHolds()
    {
        yield return new TestCaseData(double.NaN, """{"@type":"Double","value":"NaN"}""").SetArgDisplayNames("NaN");
        yield return new TestCaseData(double.PositiveInfinity, """{"@type":"Double","value":"Infinity"}""").SetArgDisplayNames("+Infinity");
        yield return new TestCaseData(double.NegativeInfinity, """{"@type":"Double","value":"-Infinity"}""").SetArgDisplayNames("-Infinity");
        yield return new TestCaseData(float.NaN, """{"@type":"Double","value":"NaN"}""").SetArgDisplayNames("float NaN");
        yield return new TestCaseData(new AliasedValue("a", "b", double.NaN), """{"@type":"AliasedValue","entityLogicalName":"a","attributeLogicalName":"b","value":{"@type":"Double","value":"NaN"}}""").SetArgDisplayNames("aliased NaN");
        yield return new TestCaseData(new object[] { double.PositiveInfinity }, """[{"@type":"Double","value":"Infinity"}]""").SetArgDisplayNames("array");
        yield return new TestCaseData(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), """{"@type":"DateTime","value":"0001-01-01T00:00:00.0000000Z"}""").SetArgDisplayNames("DateTime.MinValue");
        yield return new TestCaseData(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), """{"@type":"DateTime","value":"9999-12-31T23:59:59.9999999Z"}""").SetArgDisplayNames("DateTime.MaxValue");
        yield return new TestCaseData(decimal.MaxValue, """{"@type":"Decimal","value":79228162514264337593543950335}""").SetArgDisplayNames("decimal.MaxValue");
        yield return new TestCaseData("\ud800x", "\"\\uFFFDx\"").SetArgDisplayNames("lone surrogate");
    }

    [TestCaseSource(nameof(ValuesNoJsonNumberHolds))]
    public void WriteEntity_StoredValue_ValidJsonWithItsType(object value, string expected)
    {
        var entity = new Entity("account", Guid.NewGuid()) { ["v"] = value };

        var json = Write(writer => TypedJson.WriteEntity(writer, entity));

        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("v").GetRawText(), Is.EqualTo(expected));
    }

    [Test]
    public void WriteEntity_LocalMinValue_StillWritten()
    {
        // Unspecified and Local times are read as local; the first instant must not fail in a time zone east of UTC.
        var entity = new Entity("account", Guid.NewGuid()) { ["v"] = DateTime.MinValue, ["w"] = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Local) };

        var json = Write(writer => TypedJson.WriteEntity(writer, entity));

        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("v").GetProperty("@type").GetString(), Is.EqualTo("DateTime"));
    }

    [TestCase("""{"x":{"@type":"Double","value":1e400}}""", "'x'", "1e400")]
    [TestCase("""{"x":{"@type":"Double","value":-1e400}}""", "'x'", "-1e400")]
    [TestCase("""{"x":{"@type":"Double","value":"NaN"}}""", "'x'", "\"NaN\"")]
    [TestCase("""{"x":{"@type":"Double","value":"Infinity"}}""", "'x'", "\"Infinity\"")]
    [TestCase("""{"x":1e400}""", "'x'", "1e400")]
    [TestCase("""{"x":{"@type":"Decimal","value":1e29}}""", "'x'", "1e29")]
    [TestCase("""{"x":{"@type":"Money","value":1e400}}""", "'x'", "1e400")]
    [TestCase("""{"x":{"@type":"Int64","value":1e19}}""", "'x'", "1e19")]
    [TestCase("""{"x":{"@type":"OptionSetValue","value":3000000000}}""", "'x'", "3000000000")]
    [TestCase("""{"x":{"@type":"DateTime","value":"0001-01-01T00:00:00+05:00"}}""", "'x'", "0001-01-01T00:00:00+05:00")]
    [TestCase("""{"x":{"@type":"DateTime","value":"10000-01-01T00:00:00Z"}}""", "'x'", "10000-01-01")]
    [TestCase("""{"x":{"@type":"EntityReference","logicalName":"a\nb","id":"6f1d1b9e-0000-4000-8000-000000000001"}}""", "'x'", "not a valid logical name")]
    [TestCase("""{"x":"\ud800"}""", "'x'", "lone surrogate")]
    [TestCase("""{"x":["ok","\udc00"]}""", "'x[1]'", "lone surrogate")]
    [TestCase("""{"\ud800":1}""", "a key in the request body", "lone surrogate")]
    [TestCase("""{"a":1,"a":2}""", "'a' twice", "once")]
    [TestCase("""{"a":1,"\u0061":2}""", "'a' twice", "once")]
    [TestCase("""{"x":{"@type":"Money","value":1,"value":2}}""", "'x.value' twice", "once")]
    [TestCase("""{"":1}""", "empty", "''")]
    [TestCase("""{"id":1}""", "'id'", "the record's id")]
    [TestCase("""{"accountid":1}""", "'accountid'", "the record's id")]
    [TestCase("""{"name\n":1}""", "'name\n'", "not a valid attribute name")]
    public async Task ReadEntity_BadValue_BadRequestNamingTheInput(string body, string named, string detail)
    {
        var refused = await ReadRefusedAsync(Encoding.UTF8.GetBytes(body));

        Assert.That(refused.Message, Does.Contain(named).And.Contain(detail));
    }

    [Test]
    public async Task ReadEntity_InvalidUtf8_BadRequestWithTheOffset()
    {
        byte[] body = [.. "{\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var refused = await ReadRefusedAsync(body);

        Assert.That(refused.Message, Does.Contain("not valid UTF-8").And.Contain("offset 6"));
    }

    [Test]
    public async Task ReadEntity_SurrogatePairAndTinyNumbers_Accepted()
    {
        var entity = TypedJson.ReadEntity("account", Guid.Empty, await ReadAsync(Encoding.UTF8.GetBytes("""{"smile":"\ud83d\ude00","tiny":1e-400,"when":{"@type":"DateTime","value":"9999-12-31T23:59:59Z"}}""")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity["smile"], Is.EqualTo("\U0001F600"));
            Assert.That(entity["tiny"], Is.EqualTo(0m));
            Assert.That(entity["when"], Is.EqualTo(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)));
        }
    }

    private static async Task<PipelineException> ReadRefusedAsync(byte[] body)
    {
        PipelineException? refused = null;
        try
        {
            TypedJson.ReadEntity("account", Guid.Empty, await ReadAsync(body));
        }
        catch (PipelineException exception)
        {
            refused = exception;
        }

        Assert.That(refused?.Code, Is.EqualTo(ErrorCodes.BadRequest), "the body was accepted");
        return refused!;
    }

    private static Task<JsonElement> ReadAsync(byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body);
        return JsonBody.ReadAsync(http, allowEmpty: false);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
