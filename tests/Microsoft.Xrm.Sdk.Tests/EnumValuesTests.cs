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
    [TestCase(ConditionOperator.Between, 10)]
    [TestCase(ConditionOperator.NotBetween, 11)]
    [TestCase(ConditionOperator.NotNull, 13)]
    [TestCase(ConditionOperator.Yesterday, 14)]
    [TestCase(ConditionOperator.On, 25)]
    [TestCase(ConditionOperator.OnOrBefore, 26)]
    [TestCase(ConditionOperator.OnOrAfter, 27)]
    [TestCase(ConditionOperator.NextXYears, 40)]
    [TestCase(ConditionOperator.EqualUserId, 41)]
    [TestCase(ConditionOperator.NotEqualUserId, 42)]
    [TestCase(ConditionOperator.Contains, 49)]
    [TestCase(ConditionOperator.DoesNotContain, 50)]
    [TestCase(ConditionOperator.BeginsWith, 54)]
    [TestCase(ConditionOperator.EndsWith, 56)]
    [TestCase(ConditionOperator.Under, 75)]
    [TestCase(ConditionOperator.Above, 78)]
    [TestCase(ConditionOperator.OlderThanXMinutes, 86)]
    [TestCase(ConditionOperator.ContainValues, 87)]
    [TestCase(ConditionOperator.DoesNotContainValues, 88)]
    [TestCase(JoinOperator.Inner, 0)]
    [TestCase(JoinOperator.LeftOuter, 1)]
    [TestCase(JoinOperator.Natural, 2)]
    [TestCase(JoinOperator.Exists, 5)]
    [TestCase(JoinOperator.NotAll, 9)]
    [TestCase(OrderType.Ascending, 0)]
    [TestCase(OrderType.Descending, 1)]
    public void Value_MatchesTheFixedNumber(object member, int expected)
    {
        Assert.That(Convert.ToInt32(member, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase(typeof(OperationStatus), 4)]
    [TestCase(typeof(LogicalOperator), 2)]
    [TestCase(typeof(ConditionOperator), 89)]
    [TestCase(typeof(JoinOperator), 10)]
    [TestCase(typeof(OrderType), 2)]
    public void Members_NoneBeyondThePinnedOnes(Type enumType, int count)
    {
        Assert.That(Enum.GetValues(enumType), Has.Length.EqualTo(count));
    }
}
