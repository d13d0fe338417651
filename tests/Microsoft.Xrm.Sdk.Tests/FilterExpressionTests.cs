namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class FilterExpressionTests
{
    [Test]
    public void AddFilter_Operator_AddsAndReturnsTheChild()
    {
        var filter = new FilterExpression(LogicalOperator.Or);

        var child = filter.AddFilter(LogicalOperator.And);
        filter.AddFilter(new FilterExpression());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(filter.FilterOperator, Is.EqualTo(LogicalOperator.Or));
            Assert.That(filter.Filters, Has.Count.EqualTo(2));
            Assert.That(filter.Filters[0], Is.SameAs(child));
        }
    }

    [Test]
    public void FilterOperator_UndefinedValue_Throws()
    {
        Assert.That(() => new FilterExpression((LogicalOperator)7), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddCondition_Null_Throws()
    {
        Assert.That(() => new FilterExpression().AddCondition(null!), Throws.ArgumentNullException);
    }
}
