using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>Round trips of the SDK types.</summary>
internal sealed partial class ValueCodecTests
{
    [Test]
    public void RoundTrip_EntityReference_KeepsNameIdAndDisplayName()
    {
        var copy = (EntityReference)RoundTrip(new EntityReference("account", RecordId) { Name = "Contoso" })!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.LogicalName, Is.EqualTo("account"));
            Assert.That(copy.Id, Is.EqualTo(RecordId));
            Assert.That(copy.Name, Is.EqualTo("Contoso"));
        }
    }

    [Test]
    public void RoundTrip_EntityReferenceWithoutDisplayName_NameStaysNull()
    {
        Assert.That(((EntityReference)RoundTrip(new EntityReference("account", RecordId))!).Name, Is.Null);
    }

    [Test]
    public void RoundTrip_OptionSetValueAndMoney_KeepValueAndScale()
    {
        var option = (OptionSetValue)RoundTrip(new OptionSetValue(-3))!;
        var money = (Money)RoundTrip(new Money(1.50m))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(option.Value, Is.EqualTo(-3));
            Assert.That(money.Value, Is.EqualTo(1.50m));
            Assert.That(money.Value.Scale, Is.EqualTo(2));
        }
    }

    [Test]
    public void RoundTrip_Entity_KeepsNameIdAttributesTypesAndOrder()
    {
        var entity = new Entity("account", RecordId)
        {
            ["name"] = "Contoso",
            ["employees"] = 250,
            ["revenue"] = new Money(1_000.00m),
            ["customertypecode"] = new OptionSetValue(3),
            ["primarycontactid"] = new EntityReference("contact", Guid.NewGuid()),
            ["description"] = null,
            ["big"] = 5L,
        };

        var copy = (Entity)RoundTrip(entity)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.LogicalName, Is.EqualTo("account"));
            Assert.That(copy.Id, Is.EqualTo(RecordId));
            Assert.That(copy.Attributes.Select(pair => pair.Key), Is.EqualTo(entity.Attributes.Select(pair => pair.Key)));
            Assert.That(copy.Attributes.Select(pair => pair.Value), Is.EqualTo(entity.Attributes.Select(pair => pair.Value)));
            Assert.That(copy["big"], Is.TypeOf<long>());
            Assert.That(copy.Contains("description"), Is.True);
        }
    }

    [Test]
    public void RoundTrip_EntityWithoutLogicalName_StaysUnnamed()
    {
        var copy = (Entity)RoundTrip(new Entity { Id = RecordId, ["a"] = 1 })!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.LogicalName, Is.Empty);
            Assert.That(copy.Id, Is.EqualTo(RecordId));
            Assert.That(copy["a"], Is.EqualTo(1));
        }
    }

    [Test]
    public void RoundTrip_EntityCollection_KeepsEntityNameAndRecords()
    {
        var collection = new EntityCollection([new Entity("task") { ["subject"] = "a" }, new Entity("task") { ["subject"] = "b" }]) { EntityName = "task" };

        var copy = (EntityCollection)RoundTrip(collection)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.EntityName, Is.EqualTo("task"));
            Assert.That(copy.Entities.Select(entity => entity["subject"]), Is.EqualTo(new[] { "a", "b" }));
        }
    }

    [Test]
    public void RoundTrip_ParameterCollection_NestedEntitiesInCollectionsSurvive()
    {
        var child = new Entity("contact", Guid.NewGuid()) { ["fullname"] = "Ada", ["birthdate"] = new DateTime(1815, 12, 10, 0, 0, 0, DateTimeKind.Utc) };
        var parent = new Entity("account", RecordId) { ["contacts"] = new EntityCollection([child]), ["tags"] = new[] { "a", "b" } };
        var parameters = new ParameterCollection { ["Target"] = parent, ["count"] = 2, ["ids"] = new[] { RecordId } };

        var copy = (ParameterCollection)RoundTrip(parameters)!;

        var copiedParent = (Entity)copy["Target"]!;
        var copiedChild = ((EntityCollection)copiedParent["contacts"]!).Entities.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Select(pair => pair.Key), Is.EqualTo(new[] { "Target", "count", "ids" }));
            Assert.That(copiedParent.Id, Is.EqualTo(RecordId));
            Assert.That(copiedParent["tags"], Is.TypeOf<string[]>().And.EqualTo(new[] { "a", "b" }));
            Assert.That(copiedChild.Id, Is.EqualTo(child.Id));
            Assert.That(copiedChild["fullname"], Is.EqualTo("Ada"));
            Assert.That(copiedChild.GetAttributeValue<DateTime>("birthdate").Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(copy["ids"], Is.TypeOf<Guid[]>());
        }
    }

    [Test]
    public void RoundTrip_EntityImageCollection_KeepsAliasesAndImages()
    {
        var images = new EntityImageCollection
        {
            ["before"] = new Entity("account", RecordId) { ["name"] = "old" },
            ["after"] = new Entity("account", RecordId) { ["name"] = "new" },
        };

        var copy = (EntityImageCollection)RoundTrip(images)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Select(pair => pair.Key), Is.EqualTo(new[] { "before", "after" }));
            Assert.That(copy["after"]["name"], Is.EqualTo("new"));
        }
    }

    [Test]
    public void RoundTrip_ColumnSet_KeepsFlagAndColumns()
    {
        var named = (ColumnSet)RoundTrip(new ColumnSet("name", "revenue"))!;
        var all = (ColumnSet)RoundTrip(new ColumnSet(true))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(named.AllColumns, Is.False);
            Assert.That(named.Columns, Is.EqualTo(new[] { "name", "revenue" }));
            Assert.That(all.AllColumns, Is.True);
            Assert.That(all.Columns, Is.Empty);
        }
    }

    [Test]
    public void RoundTrip_QueryByAttribute_KeepsEverything()
    {
        var query = new QueryByAttribute("account") { ColumnSet = new ColumnSet("name"), TopCount = 3, Attributes = { "name", "statecode" }, Values = { "Contoso", 0 } };

        var copy = (QueryByAttribute)RoundTrip(query)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.EntityName, Is.EqualTo("account"));
            Assert.That(copy.ColumnSet.Columns, Is.EqualTo(new[] { "name" }));
            Assert.That(copy.TopCount, Is.EqualTo(3));
            Assert.That(copy.Attributes, Is.EqualTo(new[] { "name", "statecode" }));
            Assert.That(copy.Values, Is.EqualTo(new object[] { "Contoso", 0 }));
        }
    }

    [Test]
    public void RoundTrip_QueryExpression_KeepsTheFilterTree()
    {
        var query = new QueryExpression("account");
        query.Criteria.AddCondition("name", ConditionOperator.Like, "Con%");
        var either = query.Criteria.AddFilter(LogicalOperator.Or);
        either.AddCondition("statecode", ConditionOperator.In, 0, 1L);
        either.AddCondition("parentaccountid", ConditionOperator.Null);
        either.AddFilter(LogicalOperator.And).AddCondition("revenue", ConditionOperator.GreaterEqual, new Money(10m));

        var copy = (QueryExpression)RoundTrip(query)!;

        var copiedEither = copy.Criteria.Filters.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.EntityName, Is.EqualTo("account"));
            Assert.That(copy.TopCount, Is.Null);
            Assert.That(copy.ColumnSet.AllColumns, Is.True);
            Assert.That(copy.Criteria.FilterOperator, Is.EqualTo(LogicalOperator.And));
            Assert.That(copy.Criteria.Conditions.Single().Operator, Is.EqualTo(ConditionOperator.Like));
            Assert.That(copiedEither.FilterOperator, Is.EqualTo(LogicalOperator.Or));
            Assert.That(copiedEither.Conditions[0].Values, Is.EqualTo(new object[] { 0, 1L }));
            Assert.That(copiedEither.Conditions[0].Values[1], Is.TypeOf<long>());
            Assert.That(copiedEither.Conditions[1].Values, Is.Empty);
            Assert.That(copiedEither.Filters.Single().Conditions.Single().Values.Single(), Is.EqualTo(new Money(10m)));
        }
    }

    [Test]
    public void RoundTrip_OrganizationRequestAndResponse_KeepNamesAndParameters()
    {
        var request = new OrganizationRequest("new_Approve") { ["Target"] = new EntityReference("account", RecordId), ["Comment"] = "ok" };
        var response = new OrganizationResponse { ResponseName = "new_Approve", ["approved"] = true };

        var requestCopy = (OrganizationRequest)RoundTrip(request)!;
        var responseCopy = (OrganizationResponse)RoundTrip(response)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(requestCopy.RequestName, Is.EqualTo("new_Approve"));
            Assert.That(requestCopy["Target"], Is.EqualTo(new EntityReference("account", RecordId)));
            Assert.That(requestCopy["Comment"], Is.EqualTo("ok"));
            Assert.That(responseCopy.ResponseName, Is.EqualTo("new_Approve"));
            Assert.That(responseCopy["approved"], Is.True);
        }
    }

    [Test]
    public void RoundTrip_RetrieveMultipleParameters_QueryInsideParameters()
    {
        var parameters = new ParameterCollection { ["Query"] = new QueryByAttribute("marker") { Attributes = { "key" }, Values = { "k" } } };

        var copy = (ParameterCollection)RoundTrip(parameters)!;

        Assert.That(((QueryByAttribute)copy["Query"]!).Values, Is.EqualTo(new object[] { "k" }));
    }
}
