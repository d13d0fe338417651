namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class QueryExpressionTests
{
    [Test]
    public void Constructor_EntityName_DefaultsToAllColumnsNoLimitAndEmptyAndFilter()
    {
        var query = new QueryExpression("account");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.EntityName, Is.EqualTo("account"));
            Assert.That(query.ColumnSet.AllColumns, Is.True);
            Assert.That(query.TopCount, Is.Null);
            Assert.That(query.Criteria.FilterOperator, Is.EqualTo(LogicalOperator.And));
            Assert.That(query.Criteria.Conditions, Is.Empty);
            Assert.That(query.Criteria.Filters, Is.Empty);
        }
    }

    [Test]
    public void Constructor_EmptyEntityName_Throws()
    {
        Assert.That(() => new QueryExpression(""), Throws.ArgumentException);
    }

    [Test]
    public void Criteria_BuiltWithNestedFilters_KeepsTheTree()
    {
        // name = 'Contoso' AND (revenue > 1000 OR statecode IN (0, 1))
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name"), TopCount = 10 };
        query.Criteria.AddCondition("name", ConditionOperator.Equal, "Contoso");
        var either = query.Criteria.AddFilter(LogicalOperator.Or);
        either.AddCondition(new ConditionExpression("revenue", ConditionOperator.GreaterThan, 1000m));
        either.AddCondition("statecode", ConditionOperator.In, 0, 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.Criteria.Conditions.Single().AttributeName, Is.EqualTo("name"));
            Assert.That(query.Criteria.Conditions.Single().Values, Is.EqualTo(new object[] { "Contoso" }));
            Assert.That(query.Criteria.Filters.Single(), Is.SameAs(either));
            Assert.That(either.FilterOperator, Is.EqualTo(LogicalOperator.Or));
            Assert.That(either.Conditions.Select(condition => condition.Operator), Is.EqualTo(new[] { ConditionOperator.GreaterThan, ConditionOperator.In }));
            Assert.That(either.Conditions[1].Values, Is.EqualTo(new object[] { 0, 1 }));
            Assert.That(query.TopCount, Is.EqualTo(10));
            Assert.That(query.ColumnSet.Columns, Is.EqualTo(new[] { "name" }));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void TopCount_NotPositive_Throws(int topCount)
    {
        var query = new QueryExpression("account");

        Assert.That(() => query.TopCount = topCount, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void CriteriaAndColumnSet_SetNull_Throw()
    {
        var query = new QueryExpression("account");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => query.Criteria = null!, Throws.ArgumentNullException);
            Assert.That(() => query.ColumnSet = null!, Throws.ArgumentNullException);
        }
    }
}
