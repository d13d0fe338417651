using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Tests;

[TestFixture]
internal sealed partial class ValueCodecTests
{
    private static readonly Guid RecordId = Guid.Parse("5d0c6a1e-2b3f-4c8d-9e7a-0f1b2c3d4e5f");

    private static IEnumerable<TestCaseData> Scalars()
    {
        yield return Case(null, "null");
        yield return Case("", "empty string");
        yield return Case("Contoso", "ascii string");
        yield return Case("Zürich — 東京 🎉", "non-ASCII string");
        yield return Case("lone \ud800 surrogate", "ill-formed UTF-16 string");
        yield return Case(new string('é', 5_000), "long string");
        yield return Case(true, "true");
        yield return Case(false, "false");
        yield return Case(0, "int zero");
        yield return Case(int.MinValue, "int min");
        yield return Case(int.MaxValue, "int max");
        yield return Case(5L, "small long");
        yield return Case(long.MinValue, "long min");
        yield return Case(1.5d, "double");
        yield return Case(-0.0d, "negative zero");
        yield return Case(double.NaN, "NaN");
        yield return Case(double.PositiveInfinity, "infinity");
        yield return Case(double.Epsilon, "double epsilon");
        yield return Case(1.50m, "decimal with trailing zero");
        yield return Case(-0.000m, "negative decimal zero with scale");
        yield return Case(decimal.MaxValue, "decimal max");
        yield return Case(0.0000000000000000000000000001m, "decimal smallest");
        yield return Case(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7), "UTC DateTime");
        yield return Case(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local), "local DateTime");
        yield return Case(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified), "unspecified DateTime");
        yield return Case(DateTime.MaxValue, "DateTime max");
        yield return Case(DateTime.MinValue, "DateTime min");
        yield return Case(RecordId, "Guid");
        yield return Case(Guid.Empty, "empty Guid");
    }

    private static TestCaseData Case(object? value, string name) => new TestCaseData(value).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Scalars))]
    public void RoundTrip_Scalar_SameTypeAndExactValue(object? value)
    {
        var copy = RoundTrip(value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy?.GetType(), Is.EqualTo(value?.GetType()));
            Assert.That(Exact(copy), Is.EqualTo(Exact(value)));
        }
    }

    [Test]
    public void RoundTrip_IntAndLong_KeepTheirTypes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RoundTrip(5), Is.TypeOf<int>());
            Assert.That(RoundTrip(5L), Is.TypeOf<long>());
        }
    }

    [Test]
    public void RoundTrip_Decimal_KeepsScale()
    {
        var copy = (decimal)RoundTrip(1.50m)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Scale, Is.EqualTo(2));
            Assert.That(copy.ToString(CultureInfo.InvariantCulture), Is.EqualTo("1.50"));
        }
    }

    [TestCase(DateTimeKind.Utc)]
    [TestCase(DateTimeKind.Local)]
    [TestCase(DateTimeKind.Unspecified)]
    public void RoundTrip_DateTime_KeepsTicksAndKind(DateTimeKind kind)
    {
        var time = new DateTime(638_000_000_000_000_123, kind);

        var copy = (DateTime)RoundTrip(time)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Ticks, Is.EqualTo(time.Ticks));
            Assert.That(copy.Kind, Is.EqualTo(kind));
        }
    }

    [Test]
    public void Read_SeveralValuesInOneStream_ReadsEachInOrder()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ValueCodec.Write(writer, 1);
            ValueCodec.Write(writer, "two");
            ValueCodec.Write(writer, null);
            ValueCodec.Write(writer, 4L);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ValueCodec.Read(reader), Is.EqualTo(1));
            Assert.That(ValueCodec.Read(reader), Is.EqualTo("two"));
            Assert.That(ValueCodec.Read(reader), Is.Null);
            Assert.That(ValueCodec.Read(reader), Is.EqualTo(4L));
            Assert.That(stream.Position, Is.EqualTo(stream.Length));
        }
    }

    [Test]
    public void Write_WriterWithAnotherTextEncoding_StillReadsBack()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.Unicode, leaveOpen: true))
        {
            ValueCodec.Write(writer, "Zürich");
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream, System.Text.Encoding.Latin1);
        Assert.That(ValueCodec.Read(reader), Is.EqualTo("Zürich"));
    }

    /// <summary>Writes, reads back and checks the whole encoding was consumed and re-encodes to the same bytes.</summary>
    internal static object? RoundTrip(object? value)
    {
        var bytes = Encode(value);
        using var stream = new MemoryStream(bytes);
        using var reader = new BinaryReader(stream);
        var copy = ValueCodec.Read(reader);
        Assert.That(stream.Position, Is.EqualTo(bytes.Length), "the reader stopped before the end of the encoding");
        Assert.That(Encode(copy), Is.EqualTo(bytes), "the copy encodes differently from the original");
        return copy;
    }

    internal static byte[] Encode(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            ValueCodec.Write(writer, value);
        }

        return stream.ToArray();
    }

    /// <summary>A form of a value that compares exactly: bits for doubles, bits and scale for decimals, ticks and kind for times.</summary>
    private static object? Exact(object? value) => value switch
    {
        double number => BitConverter.DoubleToInt64Bits(number),
        decimal number => decimal.GetBits(number),
        DateTime time => (time.Ticks, time.Kind),
        _ => value,
    };
}
