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

    [Test]
    public void Constructor_Parameterless_PropertiesSetLater()
    {
        var condition = new ConditionExpression { AttributeName = "ownerid", Operator = ConditionOperator.EqualUserId, EntityName = "owner" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(condition.AttributeName, Is.EqualTo("ownerid"));
            Assert.That(condition.Operator, Is.EqualTo(ConditionOperator.EqualUserId));
            Assert.That(condition.EntityName, Is.EqualTo("owner"));
            Assert.That(condition.Values, Is.Empty);
        }
    }

    [Test]
    public void Constructor_OneValue_HoldsIt()
    {
        var condition = new ConditionExpression("name", ConditionOperator.BeginsWith, (object)"Con");

        Assert.That(condition.Values, Is.EqualTo(new object[] { "Con" }));
    }

    [Test]
    public void Constructor_Collection_HoldsItsItems()
    {
        var condition = new ConditionExpression("statecode", ConditionOperator.In, new List<int> { 0, 1 });

        Assert.That(condition.Values, Is.EqualTo(new object[] { 0, 1 }));
    }

    [Test]
    public void Constructor_EntityName_NamesTheLinkAlias()
    {
        var condition = new ConditionExpression("acct", "name", ConditionOperator.Equal, "Contoso");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(condition.EntityName, Is.EqualTo("acct"));
            Assert.That(condition.AttributeName, Is.EqualTo("name"));
            Assert.That(condition.Values, Is.EqualTo(new object[] { "Contoso" }));
        }
    }

    [Test]
    public void Values_AddRange_AppendsInOrder()
    {
        var condition = new ConditionExpression("statecode", ConditionOperator.In);

        condition.Values.AddRange(1, 2);
        condition.Values.AddRange(new List<object?> { 3 });

        Assert.That(condition.Values, Is.EqualTo(new object[] { 1, 2, 3 }));
    }
}
