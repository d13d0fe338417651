using System.Reflection;
using Dapper;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Entities;
using PluginHost.Host.Entities.Queries;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Entities;

/// <summary>
/// The store's limits in process, over a real SQLite file with the largest page set to 4: no query returns more than
/// one page, paging from the cookie reads every record once, and no caller's number or stored value makes a query fail
/// with anything but BadRequest naming it.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class QueryLimitsTests
{
    private const int MaxPageSize = 4;
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private readonly EntityRepository _repository = new(Microsoft.Extensions.Options.Options.Create(new PluginHostOptions { MaxPageSize = MaxPageSize }));
    private string _folder = null!;
    private RegistrationDatabase _database = null!;

    [OneTimeSetUp]
    public void CreateStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-limits-").FullName;
        _database = RegistrationDatabase.Open(Path.Combine(_folder, "store.db"));
        PluginHost.Host.Storage.HostSchema.Apply(_database);
        for (var n = 1; n <= 10; n++)
        {
            Insert(new Entity("item") { ["n"] = n });
        }

        // Odd ones in the future, even ones in the past: three of each, within one page.
        for (var n = 1; n <= 6; n++)
        {
            Insert(new Entity("dated") { ["n"] = n, ["when"] = Now.AddYears(n % 2 == 0 ? -n : n) });
        }

        Insert(new Entity("few") { ["n"] = 1 });
        Insert(new Entity("few") { ["n"] = 2 });
        Insert(new Entity("text") { ["name"] = "abc\n" });
        Insert(new Entity("text") { ["name"] = "abc" });
        Insert(new Entity("huge") { ["amount"] = decimal.MaxValue });
        Insert(new Entity("huge") { ["amount"] = decimal.MaxValue });
    }

    [OneTimeTearDown]
    public void DeleteStore()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void RetrieveMultiple_NoPagingAndMoreThanAPage_FirstPageWithMoreRecordsAndCookie()
    {
        var result = Run(Ordered(new QueryExpression("item")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(N(result), Is.EqualTo("1,2,3,4"));
            Assert.That(result.MoreRecords, Is.True);
            Assert.That(result.PagingCookie, Is.Not.Null.And.Not.Empty);
        }
    }

    [Test]
    public void RetrieveMultiple_NextPagesFromTheCookieWithoutACount_EveryRecordOnce()
    {
        var query = Ordered(new QueryExpression("item"));
        var pages = new List<string>();
        var page = Run(query);
        pages.Add(N(page));
        while (page.MoreRecords && pages.Count < 10)
        {
            query.PageInfo.PageNumber = pages.Count + 1;
            query.PageInfo.PagingCookie = page.PagingCookie;
            page = Run(query);
            pages.Add(N(page));
        }

        Assert.That(pages, Is.EqualTo(new[] { "1,2,3,4", "5,6,7,8", "9,10" }));
    }

    [Test]
    public void RetrieveMultiple_NoPagingWithinAPage_AllRecordsAndNoCookie()
    {
        var result = Run(new QueryExpression("few"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Entities, Has.Count.EqualTo(2));
            Assert.That(result.MoreRecords, Is.False);
            Assert.That(result.PagingCookie, Is.Null);
        }
    }

    [Test]
    public void RetrieveMultiple_TopCountOfTheLargestPage_ThatMany()
    {
        var result = Run(Ordered(new QueryExpression("item") { TopCount = MaxPageSize }));

        Assert.That(N(result), Is.EqualTo("1,2,3,4"));
    }

    private static IEnumerable<TestCaseData> OverTheLargestPage()
    {
        yield return new TestCaseData(new QueryExpression("item") { TopCount = 5 }, "top count 5").SetArgDisplayNames("TopCount");
        yield return new TestCaseData(new QueryByAttribute("item") { PageInfo = new PagingInfo { Count = 5, PageNumber = 1 } }, "page size 5").SetArgDisplayNames("PageInfo.Count");
        yield return new TestCaseData(new FetchExpression("<fetch top='5'><entity name='item' /></fetch>"), "top count 5").SetArgDisplayNames("fetch top");
        yield return new TestCaseData(new FetchExpression("<fetch count='2147483647'><entity name='item' /></fetch>"), "page size 2147483647").SetArgDisplayNames("fetch count");
    }

    [TestCaseSource(nameof(OverTheLargestPage))]
    public void RetrieveMultiple_CountOverTheLargestPage_BadRequestNamingBoth(QueryBase query, string named)
    {
        var refused = Assert.Throws<PipelineException>(() => Run(query));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.Code, Is.EqualTo(ErrorCodes.BadRequest));
            Assert.That(refused.Message, Does.Contain(named).And.Contain(MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public void RetrieveMultiple_CookieWithEntityDeclarations_BadRequestWithoutExpandingThem()
    {
        // A "billion laughs" cookie: with DTD processing on, "page" would expand to a hundred million characters.
        var entities = string.Concat(Enumerable.Range(1, 8).Select(i => $"<!ENTITY e{i} \"{string.Concat(Enumerable.Repeat($"&e{i - 1};", 10))}\">"));
        var cookie = $"<!DOCTYPE cookie [<!ENTITY e0 \"1\">{entities}]><cookie page=\"&e8;\" />";
        var query = Ordered(new QueryExpression("item"));
        query.PageInfo.PageNumber = 2;
        query.PageInfo.PagingCookie = cookie;

        Assert.That(() => Run(query), Throws.TypeOf<PipelineException>().With.Message.Contains("the paging cookie is not one this host issued"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void RetrieveMultiple_TopCountForcedPastTheSetter_BadRequestNamingIt(int topCount)
    {
        // Only reflection gets one past the SDK's setter; the engine refuses it rather than read it as "none" or "all".
        var query = new QueryExpression("item");
        typeof(QueryBase).GetField("_topCount", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(query, topCount);

        Assert.That(() => Run(query), Throws.TypeOf<PipelineException>().With.Message.Contains($"not {topCount}"));
    }

    [TestCase("last-x-days", "2000000000", "2,4,6")]
    [TestCase("last-x-weeks", "2147483647", "2,4,6")]
    [TestCase("last-x-years", "2147483647", "2,4,6")]
    [TestCase("next-x-years", "2147483647", "1,3,5")]
    [TestCase("next-x-months", "2147483647", "1,3,5")]
    [TestCase("olderthan-x-minutes", "2147483647", "")]
    [TestCase("olderthan-x-years", "2147483647", "")]
    [TestCase("last-x-hours", "-2147483648", "")]
    public void Fetch_RelativeDateCountPastTheCalendar_RangeStopsAtItsEnd(string op, string value, string expected)
    {
        var result = Run(new FetchExpression(
            $"<fetch><entity name='dated'><attribute name='n' /><order attribute='n' /><filter><condition attribute='when' operator='{op}' value='{value}' /></filter></entity></fetch>"));

        Assert.That(N(result), Is.EqualTo(expected));
    }

    [TestCase("99999999999")]
    [TestCase("1.5")]
    public void Fetch_RelativeDateCountNotAnInt_BadRequestNamingIt(string value)
    {
        var query = new FetchExpression($"<fetch><entity name='item'><filter><condition attribute='when' operator='last-x-days' value='{value}' /></filter></entity></fetch>");

        Assert.That(() => Run(query), Throws.TypeOf<PipelineException>().With.Message.Contains($"'{value}'"));
    }

    [Test]
    public void QueryExpression_RelativeDateCountAsAHugeLong_BadRequestNamingIt()
    {
        var query = new QueryExpression("item");
        query.Criteria.AddCondition("when", ConditionOperator.LastXDays, 99999999999L);

        Assert.That(() => Run(query), Throws.TypeOf<PipelineException>().With.Message.Contains("99999999999"));
    }

    [Test]
    public void Like_StoredTextEndingInANewline_IsNotLikeTheTextWithout()
    {
        var exact = Run(new FetchExpression("<fetch><entity name='text'><all-attributes /><filter><condition attribute='name' operator='like' value='abc' /></filter></entity></fetch>"));
        var prefix = Run(new FetchExpression("<fetch><entity name='text'><filter><condition attribute='name' operator='like' value='abc%' /></filter></entity></fetch>"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exact.Entities.Select(record => record["name"]), Is.EqualTo(new[] { "abc" }));
            Assert.That(prefix.Entities, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void Fetch_SumBeyondADecimal_BadRequestNamingTheAttribute()
    {
        var query = new FetchExpression("<fetch aggregate='true'><entity name='huge'><attribute name='amount' alias='total' aggregate='sum' /></entity></fetch>");

        Assert.That(() => Run(query), Throws.TypeOf<PipelineException>().With.Message.Contains("'amount'").And.Message.Contains("beyond"));
    }

    [Test]
    public void Mask_OnStoredNaNAndNumbersBeyondALong_NoMatchInsteadOfAFailure()
    {
        InsertLegacy(new Entity("masked") { ["flags"] = double.NaN });
        Insert(new Entity("masked") { ["flags"] = 1e28m });
        Insert(new Entity("masked") { ["flags"] = 3 });
        var query = new QueryExpression("masked");
        query.Criteria.AddCondition("flags", ConditionOperator.Mask, 1);

        Assert.That(Run(query).Entities.Select(record => record["flags"]), Is.EqualTo(new object[] { 3 }));
    }

    private static IEnumerable<TestCaseData> NonFiniteValues()
    {
        yield return new TestCaseData(double.NaN, "NaN").SetArgDisplayNames("NaN");
        yield return new TestCaseData(double.PositiveInfinity, "Infinity").SetArgDisplayNames("+Infinity");
        yield return new TestCaseData(double.NegativeInfinity, "-Infinity").SetArgDisplayNames("-Infinity");
        yield return new TestCaseData(new object[] { 1.0, double.NaN }, "NaN").SetArgDisplayNames("in an array");
        yield return new TestCaseData(new Entity("inner") { ["x"] = double.PositiveInfinity }, "Infinity").SetArgDisplayNames("in an entity");
    }

    [TestCaseSource(nameof(NonFiniteValues))]
    public void Insert_NonFiniteDouble_BadRequestNamingTheAttributeAndNothingStored(object value, string shown)
    {
        var entityName = $"nonfinite{TestContext.CurrentContext.Random.GetString(6, "abcdefghijklmnopqrstuvwxyz")}";

        var refused = Assert.Throws<PipelineException>(() => Insert(new Entity(entityName) { ["score"] = value }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.Code, Is.EqualTo(ErrorCodes.BadRequest));
            Assert.That(refused.Message, Does.Contain("'score'").And.Contain(shown));
            Assert.That(Run(new QueryExpression(entityName)).Entities, Is.Empty);
        }
    }

    [Test]
    public void Update_RecordHoldingAStoredNaN_OtherAttributesChangeAndTheNaNStays()
    {
        var id = InsertLegacy(new Entity("legacy") { ["score"] = double.NaN, ["name"] = "before" });
        using (var connection = _database.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            _repository.Update(connection, transaction, new Entity("legacy", id) { ["name"] = "after" });
            transaction.Commit();
        }

        using var reader = _database.OpenConnection();
        var record = _repository.Retrieve(reader, null, "legacy", id, null)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(record["name"], Is.EqualTo("after"));
            Assert.That((double)record["score"]!, Is.NaN);
        }
    }

    private static QueryExpression Ordered(QueryExpression query)
    {
        query.ColumnSet = new ColumnSet("n");
        query.AddOrder("n", OrderType.Ascending);
        return query;
    }

    private static string N(EntityCollection result) => string.Join(",", result.Entities.Select(record => record["n"]));

    private EntityCollection Run(QueryBase query)
    {
        using var connection = _database.OpenConnection();
        return _repository.RetrieveMultiple(connection, null, query, new QueryContext(Guid.Empty, Now));
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

    /// <summary>A row as an earlier version stored it, before the store refused non-finite doubles.</summary>
    private Guid InsertLegacy(Entity entity)
    {
        var id = Guid.NewGuid();
        using var connection = _database.OpenConnection();
        connection.Execute(
            "INSERT INTO entities (logical_name, id, attributes, created_on, modified_on, row_version) VALUES (@name, @id, @attributes, @now, @now, 1)",
            new { name = entity.LogicalName, id = id.ToString(), attributes = EntityRepository.Encode(entity.Attributes), now = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        return id;
    }
}
