namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class QueryByAttributeTests
{
    [Test]
    public void CollectionInitializers_PairAttributesWithValues()
    {
        var query = new QueryByAttribute("account") { Attributes = { "name", "statecode" }, Values = { "Contoso", 0 }, TopCount = 5 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.EntityName, Is.EqualTo("account"));
            Assert.That(query.Attributes, Is.EqualTo(new[] { "name", "statecode" }));
            Assert.That(query.Values, Is.EqualTo(new object[] { "Contoso", 0 }));
            Assert.That(query.TopCount, Is.EqualTo(5));
            Assert.That(query.ColumnSet.AllColumns, Is.True);
        }
    }

    [Test]
    public void AddAttributeValue_AddsBothHalves()
    {
        var query = new QueryByAttribute { EntityName = "contact" };

        query.AddAttributeValue("parentcustomerid", null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.Attributes, Is.EqualTo(new[] { "parentcustomerid" }));
            Assert.That(query.Values, Is.EqualTo(new object?[] { null }));
        }
    }

    [Test]
    public void Constructor_Parameterless_NoEntityName()
    {
        Assert.That(new QueryByAttribute().EntityName, Is.Null);
    }
}
