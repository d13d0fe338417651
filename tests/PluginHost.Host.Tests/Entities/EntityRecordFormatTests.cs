using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities;
using PluginHost.Sandbox.Protocol;

namespace PluginHost.Host.Tests.Entities;

/// <summary>
/// The entity store's record format: every value reads back as the same type with the same content. Sameness is judged by
/// the lossless wire codec: two values are the same when they encode to the same bytes (a decimal's scale, a DateTime's
/// ticks and kind, a reference's name all count).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class EntityRecordFormatTests
{
    private static readonly Guid Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    private static IEnumerable<TestCaseData> Values()
    {
        TestCaseData Case(string name, object? value) => new TestCaseData(value).SetArgDisplayNames(name);
        yield return Case("null", null);
        yield return Case("empty string", "");
        yield return Case("string", "Contoso");
        yield return Case("unicode string", "Zoë 北京 🚀 \"quoted\" \\ \n\t\u0001");
        yield return Case("lone surrogate", "a\ud800b");
        yield return Case("lone low surrogate last", "🚀\udc00");
        yield return Case("true", true);
        yield return Case("false", false);
        yield return Case("int max", int.MaxValue);
        yield return Case("int min", int.MinValue);
        yield return Case("long min", long.MinValue);
        yield return Case("long max", long.MaxValue);
        yield return Case("long small", 5L);
        yield return Case("double", 0.1);
        yield return Case("double max", double.MaxValue);
        yield return Case("double epsilon", double.Epsilon);
        yield return Case("double negative zero", -0.0);
        yield return Case("double NaN", double.NaN);
        yield return Case("double +infinity", double.PositiveInfinity);
        yield return Case("double -infinity", double.NegativeInfinity);
        yield return Case("decimal max", decimal.MaxValue);
        yield return Case("decimal min", decimal.MinValue);
        yield return Case("decimal scale kept", 12.50m);
        yield return Case("decimal 28 places", 0.0000000000000000000000000001m);
        yield return Case("DateTime Utc", new DateTime(2026, 12, 3, 10, 15, 0, DateTimeKind.Utc).AddTicks(1234567));
        yield return Case("DateTime Local", new DateTime(2026, 7, 1, 23, 59, 59, DateTimeKind.Local).AddTicks(1));
        yield return Case("DateTime Unspecified", new DateTime(2026, 3, 29, 2, 30, 0, DateTimeKind.Unspecified));
        yield return Case("DateTime min", DateTime.MinValue);
        yield return Case("DateTime max", DateTime.MaxValue);
        yield return Case("Guid", Id);
        yield return Case("Guid empty", Guid.Empty);
        yield return Case("Money", new Money(12.50m));
        yield return Case("Money max", new Money(decimal.MaxValue));
        yield return Case("OptionSetValue", new OptionSetValue(-1));
        yield return Case("OptionSetValueCollection", new OptionSetValueCollection([new OptionSetValue(1), new OptionSetValue(100000000)]));
        yield return Case("OptionSetValueCollection empty", new OptionSetValueCollection());
        yield return Case("EntityReference", new EntityReference("account", Id));
        yield return Case("EntityReference with name", new EntityReference("account", Id) { Name = "Contoso Ltd 北京" });
        yield return Case("EntityReference with empty name", new EntityReference("account", Id) { Name = "" });
        yield return Case("EntityReferenceCollection", new EntityReferenceCollection([new EntityReference("contact", Id) { Name = "Ann" }, new EntityReference("account", Guid.Empty)]));
        yield return Case("Entity nested", new Entity("contact", Id)
        {
            ["parentcustomerid"] = new EntityReference("account", Id) { Name = "Contoso" },
            ["inner"] = new Entity("account") { ["revenue"] = new Money(1.5m), ["nothing"] = null },
        });
        yield return Case("EntityCollection", new EntityCollection([new Entity("account", Id) { ["name"] = "A" }, new Entity("account") { ["name"] = "B" }])
        {
            EntityName = "account",
            MoreRecords = true,
            PagingCookie = "<cookie page='2' />",
            TotalRecordCount = 42,
            TotalRecordCountLimitExceeded = true,
            MinActiveRowVersion = "17",
        });
        yield return Case("AliasedValue", new AliasedValue("account", "revenue", new Money(9.99m)));
        yield return Case("AliasedValue of null", new AliasedValue(null, null, null));
        yield return Case("int[]", new[] { 1, -2, int.MaxValue });
        yield return Case("string[] with null", new[] { "a", null, "" });
        yield return Case("decimal[]", new[] { 1.10m, decimal.MinValue });
        yield return Case("DateTime[]", new[] { new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local), DateTime.MinValue });
        yield return Case("Guid[]", new[] { Id, Guid.Empty });
        yield return Case("EntityReference[]", new[] { new EntityReference("account", Id) { Name = "x" } });
        yield return Case("Entity[]", new[] { new Entity("account", Id) { ["n"] = 1L } });
        yield return Case("object[]", new object?[] { 1, "two", null, new Money(3m), new[] { 4L } });
        yield return Case("object[] empty", Array.Empty<object>());
    }

    [TestCaseSource(nameof(Values))]
    public void WriteThenRead_AnyStorableValue_ReadsBackTheSameTypeAndContent(object? value)
    {
        var stored = Roundtrip(new Entity("account", Id) { ["value"] = value });

        Assert.That(Codec(stored.Attributes["value"]), Is.EqualTo(Codec(value)));
    }

    [Test]
    public void WriteThenRead_UnicodeAndOddAttributeNames_KeepEveryName()
    {
        var entity = new Entity("account", Id) { ["名前"] = "a", ["a\"b"] = "b", ["emoji🚀"] = "c", ["format"] = "d", ["attributes"] = "e" };

        var stored = Roundtrip(entity);

        Assert.That(stored.Attributes.Select(pair => (pair.Key, pair.Value)), Is.EqualTo(entity.Attributes.Select(pair => (pair.Key, pair.Value))));
    }

    [Test]
    public void Write_SimpleRecord_IsTypedJsonOtherToolsCanRead()
    {
        var record = EntityRecordFormat.Write(new Entity("account")
        {
            ["name"] = "Contoso",
            ["revenue"] = new Money(12.50m),
            ["employees"] = 50,
            ["founded"] = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc),
            ["parent"] = new EntityReference("account", Id) { Name = "Holding" },
            ["fax"] = null,
        }.Attributes);

        const string Expected =
            """{"format":1,"attributes":{"name":{"t":"String","v":"Contoso"},"revenue":{"t":"Money","v":"12.50"},"employees":{"t":"Int32","v":50},"founded":{"t":"DateTime","v":"2001-02-03T04:05:06.0000000","kind":"Utc"},"parent":{"t":"EntityReference","v":{"logicalName":"account","id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","name":"Holding"}},"fax":null}}""";
        Assert.That(record, Is.EqualTo(Expected));
    }

    [Test]
    public void Read_PropertiesInAnyOrder_ReadsTheSameValues()
    {
        var entity = new Entity("account", Id);

        EntityRecordFormat.Read("""{"attributes":{"when":{"kind":"Local","v":"2026-01-02T03:04:05.0000000","t":"DateTime"}},"format":1}""", entity);

        Assert.That(Codec(entity["when"]), Is.EqualTo(Codec(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local))));
    }

    [TestCase("""{"format":1,"attributes":{"a":{"v":"12.50","t":"Money"}}}""")]
    [TestCase("""{"attributes":{"a":{"v":"12.50","t":"Money"}},"format":1}""")]
    [TestCase("""{"format":1,"attributes":{"a":{"note":[1,{"x":2}],"t":"Money","v":"12.50","extra":null}},"written_by":"jq"}""")]
    public void Read_ContentBeforeTypeOrUnknownProperties_ReadsTheValue(string record)
    {
        var entity = new Entity("account", Id);

        EntityRecordFormat.Read(record, entity);

        Assert.That(Codec(entity["a"]), Is.EqualTo(Codec(new Money(12.50m))));
    }

    [Test]
    public void Read_NestedValuesWithContentFirst_ReadTheSameValues()
    {
        const string Record =
            """{"format":1,"attributes":{"list":{"v":[{"v":"5","t":"Int64"},null],"of":"Object","t":"Array"}"""
            + ""","child":{"v":{"attributes":{"when":{"v":"2026-01-02T03:04:05.0000000","kind":"Utc","t":"DateTime"}},"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","logicalName":"contact"},"t":"Entity"}}}""";
        var entity = new Entity("account", Id);

        EntityRecordFormat.Read(Record, entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Codec(entity["list"]), Is.EqualTo(Codec(new object?[] { 5L, null })));
            Assert.That(
                Codec(entity["child"]),
                Is.EqualTo(Codec(new Entity("contact", Id) { ["when"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) })));
        }
    }

    [Test]
    public void Read_Utf8Bytes_ReadsTheSameAsTheText()
    {
        var written = new Entity("account", Id) { ["name"] = "Zoë 北京 🚀", ["revenue"] = new Money(-0.010m), ["n"] = long.MinValue, ["when"] = DateTime.MaxValue };
        var record = EntityRecordFormat.Write(written.Attributes);
        var fromText = new Entity("account", Id);
        var fromBytes = new Entity("account", Id);

        EntityRecordFormat.Read(record, fromText);
        EntityRecordFormat.Read(System.Text.Encoding.UTF8.GetBytes(record), fromBytes);

        Assert.That(Codec(fromBytes), Is.EqualTo(Codec(fromText)).And.EqualTo(Codec(written)));
    }

    [Test]
    public void Read_EscapedTextsAndNames_ReadsTheUnescapedValues()
    {
        const string Record = """{"format":1,"attributes":{"n\u0061me":{"t":"Str\u0069ng","v":"\u0041"},"n":{"t":"Int64","v":"\u0031\u0032"},"d":{"t":"DateTime","v":"2026-01-02T03:04:05.000000\u0030","kind":"\u0055tc"}}}""";
        var entity = new Entity("account", Id);

        EntityRecordFormat.Read(Record, entity, new ColumnSet("name", "n", "d"));

        Assert.That(
            Codec(entity),
            Is.EqualTo(Codec(new Entity("account", Id) { ["name"] = "A", ["n"] = 12L, ["d"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) })));
    }

    [Test]
    public void Read_WithColumnSet_KeepsOnlyThoseColumns()
    {
        var record = EntityRecordFormat.Write(new Entity("account") { ["name"] = "a", ["city"] = "b", ["zip"] = "c" }.Attributes);
        var entity = new Entity("account", Id);

        EntityRecordFormat.Read(record, entity, new ColumnSet("name", "zip"));

        Assert.That(entity.Attributes.Keys, Is.EquivalentTo(new[] { "name", "zip" }));
    }

    [Test]
    public void Write_ValueOfAnUnstorableType_NamesTheAttributeAndTheType()
    {
        var exception = Assert.Throws<NotSupportedException>(() => EntityRecordFormat.Write(new Entity("account") { ["query"] = new ColumnSet("name") }.Attributes));

        Assert.That(exception!.Message, Does.StartWith("'query' holds a Microsoft.Xrm.Sdk.Query.ColumnSet, which cannot be stored"));
    }

    [Test]
    public void Write_EntityThatContainsItself_IsRefusedNotAStackOverflow()
    {
        var entity = new Entity("account");
        entity["self"] = entity;

        var exception = Assert.Throws<NotSupportedException>(() => EntityRecordFormat.Write(entity.Attributes));

        Assert.That(exception!.Message, Does.StartWith("'self' holds a value nested more than 64 levels deep"));
    }

    [Test]
    public void Write_EntitiesNestedAsDeepAsTheCodecAllows_ReadBack()
    {
        var innermost = new Entity("level") { ["depth"] = 0 };
        var outer = innermost;
        for (var depth = 1; depth < 30; depth++)
        {
            outer = new Entity("level") { ["inner"] = outer };
        }

        var stored = Roundtrip(new Entity("account", Id) { ["tree"] = outer });

        Assert.That(Codec(stored["tree"]), Is.EqualTo(Codec(outer)));
    }

    [TestCase("""{"format":2,"attributes":{}}""", "entity format 2; this program reads format 1: use a newer PluginHost")]
    [TestCase("""{"format":1,"attributes":{"a":{"t":"Blob","v":"AA=="}}}""", "unknown value type 'Blob'")]
    [TestCase("""{"format":1,"attributes":{"a":{"t":"Int64","v":"12x"}}}""", "is not valid entity JSON")]
    [TestCase("""{"format":1,"attributes":{"a":{"v":"x"}}}""", "is not valid entity JSON: a required property \"t\" is missing")]
    [TestCase("""{"format":1,"attributes":{"a":{"t":"String"}}}""", "is not valid entity JSON: a required property \"v\" is missing")]
    [TestCase("""{"format":1,"attributes":{"a":{"t":"DateTime","v":"2026-01-02T03:04:05.0000000"}}}""", "a required property \"kind\" is missing")]
    [TestCase("""{"format":1,"attributes":{"a":5}}""", "is not valid entity JSON")]
    [TestCase("""{"attributes":{}}""", "a required property \"format\" is missing")]
    [TestCase("""{"format":1,"attributes":{}} {}""", "is not valid entity JSON")]
    [TestCase("""{"format":1,"attributes":{"a":{"t":"String","v":"x"}""", "is not valid entity JSON")]
    [TestCase("""{"attributes":{"a":{"t":"Blob","v":1}},"format":2}""", "entity format 2; this program reads format 1")]
    [TestCase("""not json""", "is not valid entity JSON")]
    public void Read_RecordThisProgramCannotRead_SaysWhichRecordAndWhy(string record, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => EntityRecordFormat.Read(record, new Entity("account", Id)));

        Assert.That(exception!.Message, Does.Contain(expected).And.Contain($"account {Id}"));
    }

    [Test]
    public void Write_Record_IsValidJsonWithOneTypedObjectPerValue()
    {
        using var document = JsonDocument.Parse(EntityRecordFormat.Write(new Entity("account") { ["big"] = decimal.MaxValue, ["n"] = long.MinValue }.Attributes));

        var attributes = document.RootElement.GetProperty("attributes");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attributes.GetProperty("big").GetProperty("v").GetString(), Is.EqualTo("79228162514264337593543950335"));
            Assert.That(attributes.GetProperty("n").GetProperty("v").GetString(), Is.EqualTo("-9223372036854775808"));
        }
    }

    private static Entity Roundtrip(Entity entity)
    {
        var stored = new Entity(entity.LogicalName, entity.Id);
        EntityRecordFormat.Read(EntityRecordFormat.Write(entity.Attributes), stored);
        return stored;
    }

    private static byte[] Codec(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            ValueCodec.Write(writer, value);
        }

        return buffer.ToArray();
    }
}
