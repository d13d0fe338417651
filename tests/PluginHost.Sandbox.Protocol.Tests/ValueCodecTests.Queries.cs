using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>Round trips of the query types and paged results, and payloads written before they had links and paging.</summary>
internal sealed partial class ValueCodecTests
{
    [Test]
    public void RoundTrip_QueryExpressionWithLinksOrdersAndPaging_KeepsEverything()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname"), Distinct = true, NoLock = true };
        query.Criteria.AddCondition("acct", "name", ConditionOperator.BeginsWith, "Con");
        query.Criteria.IsQuickFindFilter = true;
        var link = query.AddLink("account", "parentcustomerid", "accountid", JoinOperator.LeftOuter);
        link.EntityAlias = "acct";
        link.Columns = new ColumnSet("name");
        link.LinkCriteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        link.Orders.Add(new OrderExpression("name", OrderType.Descending));
        link.AddLink("systemuser", "ownerid", "systemuserid").EntityAlias = "owner";
        query.AddOrder("fullname", OrderType.Ascending);
        query.PageInfo = new PagingInfo { Count = 25, PageNumber = 3, PagingCookie = "<cookie page=\"2\"/>", ReturnTotalRecordCount = true };

        var copy = (QueryExpression)RoundTrip(query)!;

        var copiedLink = copy.LinkEntities.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Distinct, Is.True);
            Assert.That(copy.NoLock, Is.True);
            Assert.That(copy.Criteria.IsQuickFindFilter, Is.True);
            Assert.That(copy.Criteria.Conditions.Single().EntityName, Is.EqualTo("acct"));
            Assert.That(copy.Criteria.Conditions.Single().Operator, Is.EqualTo(ConditionOperator.BeginsWith));
            Assert.That(copiedLink.LinkFromEntityName, Is.EqualTo("contact"));
            Assert.That(copiedLink.LinkFromAttributeName, Is.EqualTo("parentcustomerid"));
            Assert.That(copiedLink.LinkToEntityName, Is.EqualTo("account"));
            Assert.That(copiedLink.LinkToAttributeName, Is.EqualTo("accountid"));
            Assert.That(copiedLink.JoinOperator, Is.EqualTo(JoinOperator.LeftOuter));
            Assert.That(copiedLink.EntityAlias, Is.EqualTo("acct"));
            Assert.That(copiedLink.Columns.Columns, Is.EqualTo(new[] { "name" }));
            Assert.That(copiedLink.LinkCriteria.Conditions.Single().Values, Is.EqualTo(new object[] { 0 }));
            Assert.That(copiedLink.Orders.Single().OrderType, Is.EqualTo(OrderType.Descending));
            Assert.That(copiedLink.LinkEntities.Single().EntityAlias, Is.EqualTo("owner"));
            Assert.That(copy.Orders.Single().AttributeName, Is.EqualTo("fullname"));
            Assert.That(copy.PageInfo.Count, Is.EqualTo(25));
            Assert.That(copy.PageInfo.PageNumber, Is.EqualTo(3));
            Assert.That(copy.PageInfo.PagingCookie, Is.EqualTo("<cookie page=\"2\"/>"));
            Assert.That(copy.PageInfo.ReturnTotalRecordCount, Is.True);
        }
    }

    [Test]
    public void RoundTrip_QueryByAttributeWithOrdersAndPaging_KeepsThem()
    {
        var query = new QueryByAttribute("account") { PageInfo = new PagingInfo { Count = 10, PageNumber = 1 } };
        query.AddAttributeValue("statecode", 0);
        query.AddOrder("name", OrderType.Descending);

        var copy = (QueryByAttribute)RoundTrip(query)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Values, Is.EqualTo(new object[] { 0 }));
            Assert.That(copy.Orders.Single().AttributeName, Is.EqualTo("name"));
            Assert.That(copy.Orders.Single().OrderType, Is.EqualTo(OrderType.Descending));
            Assert.That(copy.PageInfo.Count, Is.EqualTo(10));
        }
    }

    [Test]
    public void RoundTrip_FetchExpression_KeepsTheFetchXml()
    {
        Assert.That(((FetchExpression)RoundTrip(new FetchExpression("<fetch><entity name='account'/></fetch>"))!).Query, Is.EqualTo("<fetch><entity name='account'/></fetch>"));
    }

    [Test]
    public void RoundTrip_AliasedValueInAnEntity_KeepsSourceAndTypedValue()
    {
        var record = new Entity("contact", RecordId) { ["acct.revenue"] = new AliasedValue("account", "revenue", new Money(12.50m)) };

        var copy = (AliasedValue)((Entity)RoundTrip(record)!)["acct.revenue"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.EntityLogicalName, Is.EqualTo("account"));
            Assert.That(copy.AttributeLogicalName, Is.EqualTo("revenue"));
            Assert.That(copy.Value, Is.EqualTo(new Money(12.50m)));
        }
    }

    [Test]
    public void RoundTrip_EntityCollectionPagingFields_KeepsThem()
    {
        var collection = new EntityCollection([new Entity("task")])
        {
            EntityName = "task",
            MoreRecords = true,
            PagingCookie = "<cookie page=\"1\" next=\"1\"/>",
            TotalRecordCount = 42,
            TotalRecordCountLimitExceeded = true,
            MinActiveRowVersion = "-1",
        };

        var copy = (EntityCollection)RoundTrip(collection)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Entities, Has.Count.EqualTo(1));
            Assert.That(copy.MoreRecords, Is.True);
            Assert.That(copy.PagingCookie, Is.EqualTo("<cookie page=\"1\" next=\"1\"/>"));
            Assert.That(copy.TotalRecordCount, Is.EqualTo(42));
            Assert.That(copy.TotalRecordCountLimitExceeded, Is.True);
            Assert.That(copy.MinActiveRowVersion, Is.EqualTo("-1"));
        }
    }

    [Test]
    public void Read_QueryExpressionWrittenWithTag18_StillDecodes()
    {
        // As the codec wrote a QueryExpression before links existed: entity, columns, top, then a filter without entity names.
        byte[] bytes = [(byte)ValueTag.QueryExpression, .. Text("account"), 1, 0, 0, (byte)LogicalOperator.And, 1, .. Text("name"), 6, 1, (byte)ValueTag.String, .. Text("Con%"), 0];

        var query = (QueryExpression)DecodeAll(bytes)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.EntityName, Is.EqualTo("account"));
            Assert.That(query.Criteria.Conditions.Single().AttributeName, Is.EqualTo("name"));
            Assert.That(query.Criteria.Conditions.Single().Operator, Is.EqualTo(ConditionOperator.Like));
            Assert.That(query.Criteria.Conditions.Single().Values, Is.EqualTo(new object[] { "Con%" }));
            Assert.That(query.LinkEntities, Is.Empty);
        }
    }

    [Test]
    public void Read_EntityCollectionWrittenWithTag13_StillDecodes()
    {
        byte[] bytes = [(byte)ValueTag.EntityCollection, .. Text("task"), 0];

        var collection = (EntityCollection)DecodeAll(bytes)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(collection.EntityName, Is.EqualTo("task"));
            Assert.That(collection.Entities, Is.Empty);
            Assert.That(collection.MoreRecords, Is.False);
        }
    }

    private static byte[] Text(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)((bytes.Length << 1) + 1), .. bytes];
    }

    private static object? DecodeAll(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var value = ValueCodec.Read(reader);
        Assert.That(reader.BaseStream.Position, Is.EqualTo(bytes.Length), "the reader left bytes unread");
        return value;
    }
}
