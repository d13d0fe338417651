namespace Microsoft.Xrm.Sdk.Tests;

/// <summary>The numbers are shared with Dataverse and the wire: they must never change.</summary>
[TestFixture]
internal sealed class EnumValuesTests
{
    [TestCase(OperationStatus.Failed, 0)]
    [TestCase(OperationStatus.Canceled, 1)]
    [TestCase(OperationStatus.Retry, 2)]
    [TestCase(OperationStatus.Succeeded, 3)]
    [TestCase(LogicalOperator.And, 0)]
    [TestCase(LogicalOperator.Or, 1)]
    [TestCase(ConditionOperator.Equal, 0)]
    [TestCase(ConditionOperator.NotEqual, 1)]
    [TestCase(ConditionOperator.GreaterThan, 2)]
    [TestCase(ConditionOperator.LessThan, 3)]
    [TestCase(ConditionOperator.GreaterEqual, 4)]
    [TestCase(ConditionOperator.LessEqual, 5)]
    [TestCase(ConditionOperator.Like, 6)]
    [TestCase(ConditionOperator.NotLike, 7)]
    [TestCase(ConditionOperator.In, 8)]
    [TestCase(ConditionOperator.NotIn, 9)]
    [TestCase(ConditionOperator.Null, 12)]
    [TestCase(ConditionOperator.NotNull, 13)]
    public void Value_MatchesTheFixedNumber(object member, int expected)
    {
        Assert.That(Convert.ToInt32(member, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase(typeof(OperationStatus), 4)]
    [TestCase(typeof(LogicalOperator), 2)]
    [TestCase(typeof(ConditionOperator), 12)]
    public void Members_NoneBeyondThePinnedOnes(Type enumType, int count)
    {
        Assert.That(Enum.GetValues(enumType), Has.Length.EqualTo(count));
    }
}
