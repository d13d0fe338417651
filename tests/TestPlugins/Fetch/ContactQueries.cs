using System.Globalization;
using System.Security;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Fetch;

/// <summary>
/// Queries contacts and their accounts the ways Dataverse plug-ins do, and traces each answer as a key=value line.
/// The configuration names the two entities: <c>account=&lt;name&gt;;contact=&lt;name&gt;</c>; an account's key is "&lt;name&gt;id".
/// </summary>
public sealed class ContactQueries : IPlugin
{
    private readonly string _account;
    private readonly string _contact;

    public ContactQueries(string unsecureConfig)
    {
        var names = unsecureConfig.Split(';').Select(part => part.Split('=')).ToDictionary(part => part[0], part => part[1]);
        _account = names["account"];
        _contact = names["contact"];
    }

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var service = factory.CreateOrganizationService(context.UserId);

        // Every contact with its account's name, if it has one, by name.
        var fetchXml = $@"
            <fetch>
              <entity name='{_contact}'>
                <attribute name='fullname' />
                <order attribute='fullname' />
                <link-entity name='{_account}' from='{_account}id' to='parentcustomerid' link-type='outer' alias='acct'>
                  <attribute name='name' />
                </link-entity>
              </entity>
            </fetch>";
        var contacts = service.RetrieveMultiple(new FetchExpression(fetchXml));
        tracing.Trace("Contacts={0}", string.Join(";", contacts.Entities.Select(contact =>
            $"{contact.GetAttributeValue<string>("fullname")}|{(contact.Contains("acct.name") ? ((AliasedValue)contact["acct.name"]!).Value : "")}")));

        // The first two contacts of accounts with revenue over 1000, newest name first.
        var top = service.RetrieveMultiple(new FetchExpression($@"
            <fetch top='2'>
              <entity name='{_contact}'>
                <attribute name='fullname' />
                <order attribute='fullname' descending='true' />
                <link-entity name='{_account}' from='{_account}id' to='parentcustomerid'>
                  <filter><condition attribute='revenue' operator='gt' value='1000' /></filter>
                </link-entity>
              </entity>
            </fetch>"));
        tracing.Trace("Top={0}", string.Join(",", top.Entities.Select(contact => contact.GetAttributeValue<string>("fullname"))));

        // How many contacts each account has.
        var perAccount = service.RetrieveMultiple(new FetchExpression($@"
            <fetch aggregate='true'>
              <entity name='{_contact}'>
                <attribute name='fullname' alias='contacts' aggregate='count' />
                <link-entity name='{_account}' from='{_account}id' to='parentcustomerid' alias='a'>
                  <attribute name='name' alias='account' groupby='true' />
                </link-entity>
                <order alias='account' />
              </entity>
            </fetch>"));
        tracing.Trace("PerAccount={0}", string.Join(";", perAccount.Entities.Select(row =>
            $"{((AliasedValue)row["account"]!).Value}:{Convert.ToString(((AliasedValue)row["contacts"]!).Value, CultureInfo.InvariantCulture)}")));

        // The contacts this user owns, through a condition that takes no value.
        var mine = new QueryExpression(_contact) { ColumnSet = new ColumnSet("fullname") };
        mine.Criteria.AddCondition(new ConditionExpression("ownerid", ConditionOperator.EqualUserId));
        tracing.Trace("Mine={0}", string.Join(",", service.RetrieveMultiple(mine).Entities.Select(contact => contact["fullname"])));

        // Contacts of Contoso, with the condition on the link's alias.
        var ofContoso = new QueryExpression(_contact) { ColumnSet = new ColumnSet("fullname") };
        var link = ofContoso.AddLink(_account, "parentcustomerid", $"{_account}id", JoinOperator.Inner);
        link.EntityAlias = "acct";
        ofContoso.Criteria.AddCondition(new ConditionExpression { EntityName = "acct", AttributeName = "name", Operator = ConditionOperator.Equal, Values = { "Contoso" } });
        ofContoso.AddOrder("fullname", OrderType.Ascending);
        tracing.Trace("OfContoso={0}", string.Join(",", service.RetrieveMultiple(ofContoso).Entities.Select(contact => contact["fullname"])));

        tracing.Trace("Pages={0}", PagedNames(service));
        tracing.Trace("FetchPages={0}", FetchPagedNames(service));
    }

    /// <summary>All contact names, two per page, following the paging cookie as Dataverse plug-ins do.</summary>
    private string PagedNames(IOrganizationService service)
    {
        var query = new QueryExpression(_contact) { ColumnSet = new ColumnSet("fullname") };
        query.AddOrder("fullname", OrderType.Ascending);
        query.PageInfo = new PagingInfo { Count = 2, PageNumber = 1, ReturnTotalRecordCount = true };
        var pages = new List<string>();
        var total = 0;
        while (true)
        {
            var page = service.RetrieveMultiple(query);
            total = page.TotalRecordCount;
            pages.Add(string.Join(",", page.Entities.Select(contact => contact["fullname"])));
            if (!page.MoreRecords)
            {
                break;
            }

            query.PageInfo.PageNumber++;
            query.PageInfo.PagingCookie = page.PagingCookie;
        }

        return $"{string.Join("|", pages)} of {total}";
    }

    /// <summary>The same through FetchXML's count, page and paging-cookie attributes.</summary>
    private string FetchPagedNames(IOrganizationService service)
    {
        var pages = new List<string>();
        string? cookie = null;
        for (var number = 1; ; number++)
        {
            var cookieAttribute = cookie is null ? "" : $" paging-cookie='{SecurityElement.Escape(cookie)}'";
            var page = service.RetrieveMultiple(new FetchExpression(
                $"<fetch count='3' page='{number}'{cookieAttribute}><entity name='{_contact}'><attribute name='fullname' /><order attribute='fullname' /></entity></fetch>"));
            pages.Add(string.Join(",", page.Entities.Select(contact => contact["fullname"])));
            if (!page.MoreRecords)
            {
                return string.Join("|", pages);
            }

            cookie = page.PagingCookie;
        }
    }
}
