using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>What cannot be written, and what a reader does with bad input.</summary>
internal sealed partial class ValueCodecTests
{
    private static IEnumerable<TestCaseData> UnsupportedValues()
    {
        yield return new TestCaseData(TimeSpan.FromSeconds(1), "System.TimeSpan").SetArgDisplayNames("TimeSpan");
        yield return new TestCaseData(1.5f, "System.Single").SetArgDisplayNames("float");
        yield return new TestCaseData(OperationStatus.Retry, "Microsoft.Xrm.Sdk.OperationStatus").SetArgDisplayNames("enum");
        yield return new TestCaseData(new uint[] { 1 }, "System.UInt32[]").SetArgDisplayNames("uint[] posing as int[]");
        yield return new TestCaseData(new int[1, 1], "System.Int32[,]").SetArgDisplayNames("two-dimensional array");
        yield return new TestCaseData(new List<int> { 1 }, "System.Collections.Generic.List`1[[System.Int32").SetArgDisplayNames("List<int>");
        yield return new TestCaseData(new AttributeCollection(), "Microsoft.Xrm.Sdk.AttributeCollection").SetArgDisplayNames("bare AttributeCollection");
        yield return new TestCaseData(new Entity("account") { ["when"] = DateTimeOffset.UnixEpoch }, "System.DateTimeOffset").SetArgDisplayNames("inside an entity");
    }

    [TestCaseSource(nameof(UnsupportedValues))]
    public void Write_UnsupportedType_ThrowsNotSupportedNamingTheType(object value, string typeName)
    {
        using var writer = new BinaryWriter(new MemoryStream());

        Assert.That(() => ValueCodec.Write(writer, value), Throws.InstanceOf<NotSupportedException>().With.Message.Contains(typeName));
    }

    [Test]
    public void Write_EntityContainingItself_ThrowsArgumentInsteadOfOverflowingTheStack()
    {
        var entity = new Entity("account");
        entity["self"] = entity;
        using var writer = new BinaryWriter(new MemoryStream());

        Assert.That(() => ValueCodec.Write(writer, entity), Throws.ArgumentException.With.Message.Contains("contain itself"));
    }

    [Test]
    public void Write_NullEntityInCollection_ThrowsNamingTheIndex()
    {
        var collection = new EntityCollection();
        collection.Entities.Add(new Entity("a"));
        collection.Entities.Add(null!);
        using var writer = new BinaryWriter(new MemoryStream());

        Assert.That(() => ValueCodec.Write(writer, collection), Throws.ArgumentException.With.Message.Contains("index 1"));
    }

    [Test]
    public void Read_EveryTruncation_ThrowsInvalidData()
    {
        var parameters = new ParameterCollection
        {
            ["Target"] = new Entity("account", RecordId) { ["name"] = "Zürich", ["revenue"] = new Money(1.5m), ["when"] = DateTime.UtcNow },
            ["Query"] = new QueryExpression("account") { Criteria = { Conditions = { new ConditionExpression("a", ConditionOperator.In, 1, "b") } } },
            ["list"] = new object[] { new[] { 1, 2 }, new[] { "x" } },
        };
        var bytes = Encode(parameters);

        using (Assert.EnterMultipleScope())
        {
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.That(() => Decode(bytes[..length]), Throws.InstanceOf<InvalidDataException>(), $"truncated to {length} of {bytes.Length} bytes");
            }
        }
    }

    private static IEnumerable<TestCaseData> CorruptInputs()
    {
        yield return Corrupt([200], "unknown type tag", "unknown type tag 200");
        yield return Corrupt([(byte)ValueTag.Boolean, 2], "boolean byte 2", "boolean");
        yield return Corrupt([(byte)ValueTag.ObjectArray, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], "object[] claiming 2^31-1 items", "remain");
        yield return Corrupt([(byte)ValueTag.TypedArray, (byte)ValueTag.Int64, 0x80, 0x80, 0x80, 0x40], "long[] claiming 2^27 items", "remain");
        yield return Corrupt([(byte)ValueTag.String, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41], "string claiming a gigabyte", "remain");
        yield return Corrupt([(byte)ValueTag.ObjectArray, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "negative count", "negative");
        yield return Corrupt([(byte)ValueTag.String, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "varint too long", "corrupt");
        yield return Corrupt([(byte)ValueTag.String, 3, 0xC3, 0x28], "invalid UTF-8", "corrupt");
        yield return Corrupt([(byte)ValueTag.String, 0], "string tag with null", "null");
        yield return Corrupt([(byte)ValueTag.String, 4, 0x41], "odd UTF-16 length", "odd");
        yield return Corrupt([(byte)ValueTag.TypedArray, (byte)ValueTag.Null, 0], "array of an unknown element type", "element type");
        yield return Corrupt([(byte)ValueTag.DateTime, 0, 0, 0, 0, 0, 0, 0, 0xC0], "DateTime kind 3", "DateTime");
        yield return Corrupt([(byte)ValueTag.Decimal, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0, 0, 0], "decimal with bad flags", "corrupt");
        yield return Corrupt([(byte)ValueTag.ParameterCollection, 2, 3, 0x61, 0, 3, 0x61, 0], "duplicate parameter key", "'a'");
        yield return Corrupt([(byte)ValueTag.ParameterCollection, 1, 1, 0], "empty parameter key", "corrupt");
        yield return Corrupt([(byte)ValueTag.TypedArray, (byte)ValueTag.Money, 1, (byte)ValueTag.Int32, 1, 0, 0, 0], "Money[] holding an int", "Int32");
        yield return Corrupt([.. Enumerable.Repeat<byte>((byte)ValueTag.ObjectArray, 1).Concat(Enumerable.Range(0, 200).SelectMany(_ => new byte[] { 1, (byte)ValueTag.ObjectArray })), 0], "nested 200 deep", "nested");
    }

    private static TestCaseData Corrupt(byte[] bytes, string name, string messagePart) =>
        new TestCaseData(bytes, messagePart).SetArgDisplayNames(name);

    [TestCaseSource(nameof(CorruptInputs))]
    public void Read_CorruptInput_ThrowsInvalidDataSayingWhy(byte[] bytes, string messagePart)
    {
        Assert.That(() => Decode(bytes), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(messagePart));
    }

    [Test]
    public void Read_RandomlyDamagedInput_OnlyEverThrowsInvalidData()
    {
        var bytes = Encode(new ParameterCollection
        {
            ["Target"] = new Entity("account", RecordId) { ["name"] = "Contoso", ["n"] = 1, ["refs"] = new[] { new EntityReference("a", RecordId) } },
            ["images"] = new EntityImageCollection { ["pre"] = new Entity("account") { ["x"] = 1.5m } },
            ["Query"] = new QueryByAttribute("account") { Attributes = { "name" }, Values = { "x" }, TopCount = 2 },
        });
        var random = new Random(20260101);

        for (var attempt = 0; attempt < 5_000; attempt++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var hits = random.Next(1, 4); hits > 0; hits--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                Decode(damaged);
            }
            catch (InvalidDataException)
            {
                // The only acceptable failure.
            }
        }
    }

    [Test]
    public void WriteAndRead_NullWriterOrReader_ThrowArgumentNull()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => ValueCodec.Write(null!, 1), Throws.ArgumentNullException);
            Assert.That(() => ValueCodec.Read(null!), Throws.ArgumentNullException);
        }
    }

    private static object? Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return ValueCodec.Read(reader);
    }
}
