namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class ConditionExpressionTests
{
    [Test]
    public void Constructor_SeveralValues_KeepsThemInOrder()
    {
        var condition = new ConditionExpression("statecode", ConditionOperator.In, 0, 1, 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(condition.AttributeName, Is.EqualTo("statecode"));
            Assert.That(condition.Operator, Is.EqualTo(ConditionOperator.In));
            Assert.That(condition.Values, Is.EqualTo(new object[] { 0, 1, 2 }));
        }
    }

    [Test]
    public void Constructor_NoValues_EmptyValues()
    {
        Assert.That(new ConditionExpression("name", ConditionOperator.Null).Values, Is.Empty);
    }

    [Test]
    public void Constructor_LoneNull_MeansOneNullValue()
    {
        Assert.That(new ConditionExpression("name", ConditionOperator.Equal, null).Values, Is.EqualTo(new object?[] { null }));
    }

    [Test]
    public void Constructor_EmptyAttributeName_Throws()
    {
        Assert.That(() => new ConditionExpression("", ConditionOperator.Equal, 1), Throws.ArgumentException);
    }

    [Test]
    public void Operator_UndefinedValue_Throws()
    {
        Assert.That(() => new ConditionExpression("name", (ConditionOperator)999, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
