using System.Diagnostics;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities;
using PluginHost.Host.Entities.Queries;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Entities;

/// <summary>The query engine in process, over records in a real SQLite file: FetchXML and QueryExpression give the same answers.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class QueryEngineTests
{
    private static readonly Guid User = Guid.Parse("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private readonly EntityRepository _repository = new(Microsoft.Extensions.Options.Options.Create(new PluginHostOptions()));
    private string _folder = null!;
    private RegistrationDatabase _database = null!;
    private Guid _contoso;
    private Guid _fabrikam;

    [OneTimeSetUp]
    public void CreateStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-query-").FullName;
        _database = RegistrationDatabase.Open(Path.Combine(_folder, "store.db"));
        PluginHost.Host.Storage.HostSchema.Apply(_database);
        _contoso = Insert(new Entity("account") { ["name"] = "Contoso", ["revenue"] = new Money(5000m), ["employees"] = 50 });
        _fabrikam = Insert(new Entity("account") { ["name"] = "Fabrikam", ["revenue"] = new Money(500m), ["employees"] = 7 });
        Insert(new Entity("contact") { ["fullname"] = "Eve", ["parentcustomerid"] = new EntityReference("account", _contoso), ["birthdate"] = Now.AddDays(-1), ["active"] = true });
        Insert(new Entity("contact") { ["fullname"] = "Ann", ["parentcustomerid"] = new EntityReference("account", _contoso), ["ownerid"] = new EntityReference("systemuser", User), ["birthdate"] = Now.AddYears(-30), ["active"] = true });
        Insert(new Entity("contact") { ["fullname"] = "Dee", ["active"] = false });
        Insert(new Entity("contact") { ["fullname"] = "Cid", ["parentcustomerid"] = new EntityReference("account", _fabrikam), ["rank"] = new OptionSetValue(2), ["active"] = true });
        Insert(new Entity("contact") { ["fullname"] = "Bob", ["parentcustomerid"] = new EntityReference("account", _contoso), ["rank"] = new OptionSetValue(1) });
    }

    [OneTimeTearDown]
    public void DeleteStore()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase("<condition attribute='fullname' operator='eq' value='ann' />", "Ann")]
    [TestCase("<condition attribute='fullname' operator='ne' value='Ann' />", "Bob,Cid,Dee,Eve")]
    [TestCase("<condition attribute='fullname' operator='like' value='%e' />", "Dee,Eve")]
    [TestCase("<condition attribute='fullname' operator='not-like' value='%e' />", "Ann,Bob,Cid")]
    [TestCase("<condition attribute='fullname' operator='begins-with' value='b' />", "Bob")]
    [TestCase("<condition attribute='fullname' operator='ends-with' value='d' />", "Cid")]
    [TestCase("<condition attribute='fullname' operator='in'><value>Ann</value><value>Cid</value></condition>", "Ann,Cid")]
    [TestCase("<condition attribute='fullname' operator='not-in'><value>Ann</value><value>Cid</value></condition>", "Bob,Dee,Eve")]
    [TestCase("<condition attribute='rank' operator='eq' value='2' />", "Cid")]
    [TestCase("<condition attribute='rank' operator='ne' value='1' />", "Cid")]
    [TestCase("<condition attribute='rank' operator='not-in'><value>1</value></condition>", "Cid")]
    [TestCase("<condition attribute='rank' operator='null' />", "Ann,Dee,Eve")]
    [TestCase("<condition attribute='rank' operator='not-null' />", "Bob,Cid")]
    [TestCase("<condition attribute='active' operator='eq' value='1' />", "Ann,Cid,Eve")]
    [TestCase("<condition attribute='fullname' operator='between'><value>B</value><value>D</value></condition>", "Bob,Cid")]
    [TestCase("<condition attribute='birthdate' operator='yesterday' />", "Eve")]
    [TestCase("<condition attribute='birthdate' operator='last-x-days' value='3' />", "Eve")]
    [TestCase("<condition attribute='birthdate' operator='on-or-before' value='2000-01-01' />", "Ann")]
    [TestCase("<condition attribute='birthdate' operator='on' value='2026-12-01' />", "Eve")]
    [TestCase("<condition attribute='birthdate' operator='olderthan-x-years' value='10' />", "Ann")]
    [TestCase("<condition attribute='ownerid' operator='eq-userid' />", "Ann")]
    [TestCase("<condition attribute='ownerid' operator='ne-userid' />", "")]
    public void Fetch_Operator_SelectsTheMatchingContacts(string condition, string expected)
    {
        var result = Fetch($"<fetch><entity name='contact'><attribute name='fullname' /><order attribute='fullname' /><filter>{condition}</filter></entity></fetch>");

        Assert.That(Names(result), Is.EqualTo(expected));
    }

    [Test]
    public void Fetch_NestedOrFilterWithLinkCondition_CombinesBoth()
    {
        var result = Fetch("""
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <order attribute='fullname' />
                <filter type='or'>
                  <condition attribute='fullname' operator='eq' value='Dee' />
                  <filter type='and'>
                    <condition entityname='a' attribute='name' operator='eq' value='Contoso' />
                    <condition attribute='active' operator='eq' value='true' />
                  </filter>
                </filter>
                <link-entity name='account' from='accountid' to='parentcustomerid' link-type='outer' alias='a' />
              </entity>
            </fetch>
            """);

        Assert.That(Names(result), Is.EqualTo("Ann,Dee,Eve"));
    }

    [Test]
    public void Fetch_OuterLinkWithNullCondition_FindsContactsWithoutAccount()
    {
        var result = Fetch("""
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <link-entity name='account' from='accountid' to='parentcustomerid' link-type='outer' alias='a' />
                <filter><condition entityname='a' attribute='accountid' operator='null' /></filter>
              </entity>
            </fetch>
            """);

        Assert.That(Names(result), Is.EqualTo("Dee"));
    }

    [TestCase("any", "Ann,Bob,Cid,Eve")]
    [TestCase("exists", "Ann,Bob,Cid,Eve")]
    [TestCase("not any", "Dee")]
    public void Fetch_ExistenceLinks_KeepEachContactOnce(string linkType, string expected)
    {
        var result = Fetch($"<fetch><entity name='contact'><attribute name='fullname' /><order attribute='fullname' /><link-entity name='account' from='accountid' to='parentcustomerid' link-type='{linkType}' /></entity></fetch>");

        Assert.That(Names(result), Is.EqualTo(expected));
    }

    [Test]
    public void Fetch_LinkColumns_ComeBackAsAliasedValues()
    {
        var result = Fetch("""
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <filter><condition attribute='fullname' operator='eq' value='Cid' /></filter>
                <link-entity name='account' from='accountid' to='parentcustomerid' alias='a'>
                  <attribute name='revenue' />
                  <attribute name='name' alias='company' />
                </link-entity>
              </entity>
            </fetch>
            """);

        var revenue = (AliasedValue)result.Entities.Single()["a.revenue"]!;
        var company = (AliasedValue)result.Entities.Single()["company"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(revenue.EntityLogicalName, Is.EqualTo("account"));
            Assert.That(revenue.AttributeLogicalName, Is.EqualTo("revenue"));
            Assert.That(revenue.Value, Is.EqualTo(new Money(500m)));
            Assert.That(company.Value, Is.EqualTo("Fabrikam"));
        }
    }

    [Test]
    public void Fetch_AggregatesGroupedByAccount_SumAverageMinMaxAndCount()
    {
        var result = Fetch("""
            <fetch aggregate='true'>
              <entity name='account'>
                <attribute name='revenue' alias='total' aggregate='sum' />
                <attribute name='employees' alias='average' aggregate='avg' />
                <attribute name='employees' alias='fewest' aggregate='min' />
                <attribute name='employees' alias='most' aggregate='max' />
                <attribute name='name' alias='named' aggregate='countcolumn' />
                <attribute name='accountid' alias='all' aggregate='count' />
              </entity>
            </fetch>
            """);

        var row = result.Entities.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((AliasedValue)row["total"]!).Value, Is.EqualTo(new Money(5500m)));
            Assert.That(((AliasedValue)row["average"]!).Value, Is.EqualTo(28.5m));
            Assert.That(((AliasedValue)row["fewest"]!).Value, Is.EqualTo(7));
            Assert.That(((AliasedValue)row["most"]!).Value, Is.EqualTo(50));
            Assert.That(((AliasedValue)row["named"]!).Value, Is.EqualTo(2));
            Assert.That(((AliasedValue)row["all"]!).Value, Is.EqualTo(2));
        }
    }

    [Test]
    public void Fetch_CountOverNoRecords_IsOneRowOfZero()
    {
        var result = Fetch("<fetch aggregate='true'><entity name='nothing'><attribute name='nothingid' alias='n' aggregate='count' /></entity></fetch>");

        Assert.That(((AliasedValue)result.Entities.Single()["n"]!).Value, Is.EqualTo(0));
    }

    [Test]
    public void QueryExpression_SameQueryAsFetch_SameAnswer()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var link = query.AddLink("account", "parentcustomerid", "accountid");
        link.EntityAlias = "a";
        link.LinkCriteria.AddCondition("revenue", ConditionOperator.GreaterThan, 1000m);
        query.AddOrder("fullname", OrderType.Descending);

        var expression = Run(query);
        var fetch = Fetch("""
            <fetch>
              <entity name='contact'>
                <attribute name='fullname' />
                <order attribute='fullname' descending='true' />
                <link-entity name='account' from='accountid' to='parentcustomerid' alias='a'>
                  <filter><condition attribute='revenue' operator='gt' value='1000' /></filter>
                </link-entity>
              </entity>
            </fetch>
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Names(expression), Is.EqualTo("Eve,Bob,Ann"));
            Assert.That(Names(fetch), Is.EqualTo(Names(expression)));
        }
    }

    [Test]
    public void QueryExpression_PagesWithCookie_ContinueAfterTheLastRecordEvenWhenOneIsAddedInFront()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname"), PageInfo = new PagingInfo { Count = 2, PageNumber = 1, ReturnTotalRecordCount = true } };
        query.AddOrder("fullname", OrderType.Ascending);

        var first = Run(query);
        var added = Insert(new Entity("contact") { ["fullname"] = "Aaron" });
        query.PageInfo.PageNumber = 2;
        query.PageInfo.PagingCookie = first.PagingCookie;
        var second = Run(query);
        Delete("contact", added);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Names(first), Is.EqualTo("Ann,Bob"));
            Assert.That(first.MoreRecords, Is.True);
            Assert.That(first.TotalRecordCount, Is.EqualTo(5));
            Assert.That(Names(second), Is.EqualTo("Cid,Dee"), "the cookie continues after Bob although Aaron now sorts first");
            Assert.That(second.MoreRecords, Is.True);
        }
    }

    [Test]
    public void QueryExpression_WithoutReturnTotalRecordCount_TotalIsMinusOne()
    {
        Assert.That(Run(new QueryExpression("contact")).TotalRecordCount, Is.EqualTo(-1));
    }

    [Test]
    public void QueryByAttribute_OrderAndTop_StillWork()
    {
        var query = new QueryByAttribute("contact") { ColumnSet = new ColumnSet("fullname"), TopCount = 2 };
        query.AddAttributeValue("active", true);
        query.AddOrder("fullname", OrderType.Descending);

        Assert.That(Names(Run(query)), Is.EqualTo("Eve,Cid"));
    }

    [Test]
    public void Fetch_Distinct_ReturnsEachValueOnce()
    {
        var result = Fetch("<fetch distinct='true'><entity name='contact'><attribute name='active' /><order attribute='active' /></entity></fetch>");

        Assert.That(result.Entities.Select(contact => contact.GetAttributeValue<bool?>("active")), Is.EqualTo(new bool?[] { null, false, true }));
    }

    [TestCase("<fetch><entity name='contact'><filter><condition attribute='a' operator='eq-userteams' /></filter></entity></fetch>", "EqualUserTeams")]
    [TestCase("<fetch><entity name='contact'><filter><condition attribute='a' operator='eq' /></filter></entity></fetch>", "exactly one value")]
    [TestCase("<fetch><entity name='contact'><filter><condition attribute='a' operator='last-x-days' value='many' /></filter></entity></fetch>", "whole number")]
    [TestCase("<fetch><entity name='contact'><attribute name='a' dategrouping='month' /></entity></fetch>", "dategrouping")]
    [TestCase("<fetch><entity name='contact'><filter type='xor' /></entity></fetch>", "xor")]
    [TestCase("<fetch><entity name='contact'><link-entity name='account' from='accountid' to='parentcustomerid' link-type='all' /></entity></fetch>", "link-type 'all'")]
    [TestCase("<fetch><entity name='contact'><filter><condition entityname='nope' attribute='a' operator='null' /></filter></entity></fetch>", "'nope'")]
    [TestCase("<fetch top='5' count='5'><entity name='contact' /></fetch>", "top and count")]
    [TestCase("<fetch><entity name='contact'><link-entity name='account' from='accountid' to='parentcustomerid' link-type='exists' alias='x' /><filter><condition entityname='x' attribute='name' operator='null' /></filter></entity></fetch>", "only tests whether")]
    [TestCase("<fetch aggregate='true'><entity name='contact'><attribute name='a' aggregate='median' alias='m' /></entity></fetch>", "median")]
    [TestCase("<query><entity name='contact' /></query>", "<query>")]
    public void Fetch_Unsupported_FailsNamingWhat(string fetchXml, string named)
    {
        Assert.That(() => Fetch(fetchXml), Throws.InstanceOf<PipelineException>().With.Message.Contains(named));
    }

    [Test]
    public void Fetch_TenThousandRecords_FilteredInMemory()
    {
        using (var connection = _database.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            for (var index = 0; index < 10_000; index++)
            {
                _repository.Insert(connection, transaction, new Entity("bulk", Guid.NewGuid()) { ["name"] = $"n{index}", ["number"] = index, ["amount"] = new Money(index) });
            }

            transaction.Commit();
        }

        Fetch("<fetch><entity name='bulk'><filter><condition attribute='number' operator='lt' value='0' /></filter></entity></fetch>");
        var watch = Stopwatch.StartNew();
        var result = Fetch("<fetch count='50'><entity name='bulk'><attribute name='name' /><order attribute='amount' descending='true' /><filter><condition attribute='number' operator='ge' value='9000' /></filter></entity></fetch>");
        watch.Stop();
        TestContext.Out.WriteLine($"10,000 records, filtered, sorted and paged: {watch.ElapsedMilliseconds} ms");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Entities, Has.Count.EqualTo(50));
            Assert.That(result.Entities[0]["name"], Is.EqualTo("n9999"));
            Assert.That(result.MoreRecords, Is.True);
        }
    }

    [Test]
    public void Fetch_LikePatternThatBacktracks_AnswersWithoutTimingOut()
    {
        Insert(new Entity("memo") { ["text"] = new string('a', 40) });

        var result = Fetch("<fetch><entity name='memo'><attribute name='text' /><filter><condition attribute='text' operator='like' value='%a%a%a%a%a%a%a%a%a%a%a%a%c' /></filter></entity></fetch>");

        Assert.That(result.Entities, Is.Empty);
    }

    [Test]
    public void Fetch_LinksMultiplyingRowsPastTheCap_RefusedBeforeExhaustingMemory()
    {
        var side = (int)Math.Sqrt(QueryEngine.MaxJoinedRows) + 1;
        using (var connection = _database.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            for (var index = 0; index < side; index++)
            {
                _repository.Insert(connection, transaction, new Entity("widget", Guid.NewGuid()) { ["kind"] = 1 });
            }

            transaction.Commit();
        }

        Assert.That(
            () => Fetch("<fetch top='1'><entity name='widget'><link-entity name='widget' from='kind' to='kind' alias='same' /></entity></fetch>"),
            Throws.InstanceOf<PipelineException>().With.Message.Contains("would join more than").And.Message.Contains("'same'"));
    }

    [TestCase(50, "10")]
    [TestCase(7, "abc")]
    [TestCase(2.5, "2.5")]
    public void Sort_NumberAndText_OrderedOneWayWhicheverComesFirst(object number, string text)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Math.Sign(ConditionEvaluator.Sort(number, text)), Is.EqualTo(-Math.Sign(ConditionEvaluator.Sort(text, number))));
            Assert.That(ConditionEvaluator.Sort(number, text), Is.Not.Zero);
        }
    }

    private EntityCollection Fetch(string fetchXml) => Run(new FetchExpression(fetchXml));

    private EntityCollection Run(QueryBase query)
    {
        using var connection = _database.OpenConnection();
        return _repository.RetrieveMultiple(connection, null, query, new QueryContext(User, Now));
    }

    private Guid Insert(Entity entity)
    {
        entity.Id = Guid.NewGuid();
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        _repository.Insert(connection, transaction, entity);
        transaction.Commit();
        return entity.Id;
    }

    private void Delete(string entityName, Guid id)
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        _repository.Delete(connection, transaction, entityName, id);
        transaction.Commit();
    }

    private static string Names(EntityCollection result) => string.Join(",", result.Entities.Select(contact => contact["fullname"]));
}
