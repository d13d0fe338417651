namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class PagingTests
{
    [Test]
    public void QueryExpression_OrdersAndPageInfo_KeepWhatWasSet()
    {
        var query = new QueryExpression("account") { Distinct = true, NoLock = true };
        query.AddOrder("name", OrderType.Descending);
        query.PageInfo = new PagingInfo { Count = 50, PageNumber = 2, PagingCookie = "c", ReturnTotalRecordCount = true };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.Orders.Single().AttributeName, Is.EqualTo("name"));
            Assert.That(query.Orders.Single().OrderType, Is.EqualTo(OrderType.Descending));
            Assert.That(query.PageInfo.Count, Is.EqualTo(50));
            Assert.That(query.PageInfo.PageNumber, Is.EqualTo(2));
            Assert.That(query.PageInfo.PagingCookie, Is.EqualTo("c"));
            Assert.That(query.PageInfo.ReturnTotalRecordCount, Is.True);
            Assert.That(query.Distinct, Is.True);
            Assert.That(query.NoLock, Is.True);
        }
    }

    [Test]
    public void QueryByAttribute_AddOrder_AppendsASortKey()
    {
        var query = new QueryByAttribute("account");

        query.AddOrder("createdon", OrderType.Ascending);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.Orders.Single().AttributeName, Is.EqualTo("createdon"));
            Assert.That(query.PageInfo.Count, Is.Zero);
        }
    }

    [Test]
    public void EntityCollection_Indexer_ReadsAndReplacesRecords()
    {
        var first = new Entity("account");
        var second = new Entity("account");
        var collection = new EntityCollection([first]) { MoreRecords = true, PagingCookie = "p", TotalRecordCount = 7 };

        collection[0] = second;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(collection[0], Is.SameAs(second));
            Assert.That(collection.MoreRecords, Is.True);
            Assert.That(collection.PagingCookie, Is.EqualTo("p"));
            Assert.That(collection.TotalRecordCount, Is.EqualTo(7));
        }
    }

    [Test]
    public void FetchExpression_Query_KeepsTheText()
    {
        Assert.That(new FetchExpression("<fetch />").Query, Is.EqualTo("<fetch />"));
    }

    [Test]
    public void AliasedValue_Constructor_KeepsSourceAndValue()
    {
        var value = new AliasedValue("account", "name", "Contoso");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(value.EntityLogicalName, Is.EqualTo("account"));
            Assert.That(value.AttributeLogicalName, Is.EqualTo("name"));
            Assert.That(value.Value, Is.EqualTo("Contoso"));
        }
    }
}
