using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>Round trips of arrays: each keeps its exact array type.</summary>
internal sealed partial class ValueCodecTests
{
    private static IEnumerable<TestCaseData> Arrays()
    {
        yield return Case(new[] { "a", null, "" }, "string[] with null");
        yield return Case(new[] { true, false }, "bool[]");
        yield return Case(new[] { 1, -2, int.MaxValue }, "int[]");
        yield return Case(new[] { 1L, long.MinValue }, "long[]");
        yield return Case(new[] { 1.5d, double.NaN }, "double[]");
        yield return Case(new[] { 1.50m, 2m }, "decimal[]");
        yield return Case(new[] { new DateTime(1, DateTimeKind.Local), new DateTime(2, DateTimeKind.Utc) }, "DateTime[]");
        yield return Case(new[] { Guid.Empty, RecordId }, "Guid[]");
        yield return Case(new[] { new EntityReference("account", RecordId), null }, "EntityReference[] with null");
        yield return Case(new[] { new OptionSetValue(1), new OptionSetValue(2) }, "OptionSetValue[]");
        yield return Case(new[] { new Money(1m) }, "Money[]");
        yield return Case(new[] { new Entity("account", RecordId) { ["a"] = 1 } }, "Entity[]");
        yield return Case(new[] { new EntityCollection() }, "EntityCollection[]");
        yield return Case(new[] { new ParameterCollection { ["a"] = 1 } }, "ParameterCollection[]");
        yield return Case(new[] { new ColumnSet("a") }, "ColumnSet[]");
        yield return Case(Array.Empty<int>(), "empty int[]");
        yield return Case(Array.Empty<Entity>(), "empty Entity[]");
        yield return Case(new object?[] { 1, "two", null, 3L, new[] { 4 }, new Money(5m), new object[] { 6 } }, "object[] mixed");
        yield return Case(Array.Empty<object>(), "empty object[]");
    }

    [TestCaseSource(nameof(Arrays))]
    public void RoundTrip_Array_SameArrayTypeAndElements(Array array)
    {
        var copy = (Array)RoundTrip(array)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.GetType(), Is.EqualTo(array.GetType()));
            Assert.That(copy, Has.Length.EqualTo(array.Length));
            for (var index = 0; index < array.Length; index++)
            {
                var expected = array.GetValue(index);
                var actual = copy.GetValue(index);
                Assert.That(actual?.GetType(), Is.EqualTo(expected?.GetType()), $"element {index}");
                Assert.That(Encode(actual), Is.EqualTo(Encode(expected)), $"element {index}");
            }
        }
    }

    [Test]
    public void RoundTrip_ObjectArrayHoldingTypedArray_InnerKeepsItsType()
    {
        var copy = (object?[])RoundTrip(new object[] { new[] { 1L, 2L } })!;

        Assert.That(copy[0], Is.TypeOf<long[]>().And.EqualTo(new[] { 1L, 2L }));
    }
}
