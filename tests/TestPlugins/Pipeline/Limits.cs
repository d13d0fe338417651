using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Pipeline;

/// <summary>
/// Reads every record of the entity its configuration names as a Dataverse plug-in pages: a query without paging, then
/// the next page with the cookie while MoreRecords. Writes what it saw onto the Target: "firstpage", "firstmore",
/// "pages", "total" and "distinct" (ids seen once).
/// </summary>
public sealed class PagingReader(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var target = (Entity)serviceProvider.Context().InputParameters["Target"]!;
        var service = serviceProvider.Organization(null);
        var query = new QueryExpression(unsecureConfig ?? "account") { ColumnSet = new ColumnSet(false) };
        var page = service.RetrieveMultiple(query);
        target["firstpage"] = page.Entities.Count;
        target["firstmore"] = page.MoreRecords;
        var ids = new HashSet<Guid>();
        var total = 0;
        var pages = 1;
        while (true)
        {
            total += page.Entities.Count;
            foreach (var record in page.Entities)
            {
                ids.Add(record.Id);
            }

            if (!page.MoreRecords || pages == 100)
            {
                break;
            }

            query.PageInfo.PageNumber = pages + 1;
            query.PageInfo.PagingCookie = page.PagingCookie;
            page = service.RetrieveMultiple(query);
            pages++;
        }

        target["pages"] = pages;
        target["total"] = total;
        target["distinct"] = ids.Count;
    }
}

/// <summary>Creates a record of the entity its configuration names holding a double NaN; the store must refuse it.</summary>
public sealed class NonFiniteWriter(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        serviceProvider.Organization(null).Create(new Entity(unsecureConfig ?? "account") { ["score"] = double.NaN });
}

/// <summary>Reads every record of the entity its configuration names, all columns, and counts them onto the Target.</summary>
public sealed class WholeTableReader(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var target = (Entity)serviceProvider.Context().InputParameters["Target"]!;
        target["read"] = serviceProvider.Organization(null).RetrieveMultiple(new QueryExpression(unsecureConfig ?? "account") { ColumnSet = new ColumnSet(true) }).Entities.Count;
    }
}
