using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

/// <summary>
/// Top and paging. The paging cookie is PluginHost's own opaque text, <c>&lt;cookie page="N" next="P" last="{id}"/&gt;</c>:
/// the page it ends, the position of the next record and the id of the last one returned. With it, the next page
/// continues right after that record even when records were added or removed in front of it meanwhile.
/// </summary>
/// <remarks>
/// As in Dataverse, no query returns more than the largest page (5,000 unless configured): a top count or a page size
/// above it is refused, and a query that asks for neither gets the first page of that size with <c>MoreRecords</c> and
/// a cookie when more records match; its next page is asked for with <c>PageInfo.PageNumber</c> 2 and that cookie.
/// </remarks>
internal sealed partial class QueryEngine
{
    private void ValidatePaging(QueryPlan plan)
    {
        if (plan.Top is <= 0)
        {
            throw PipelineException.BadRequest($"the query's top count must be positive (or none, for no limit), not {plan.Top}");
        }

        if (plan.Top > maxPageSize)
        {
            throw PipelineException.BadRequest($"the query's top count {plan.Top} is more than the most records a query returns at once, {maxPageSize:N0}: page through the records instead");
        }

        if (plan.PageSize > maxPageSize)
        {
            throw PipelineException.BadRequest($"the query's page size {plan.PageSize} is more than the largest page, {maxPageSize:N0}");
        }

        if (plan.Top is not null && plan.PageSize > 0)
        {
            throw PipelineException.BadRequest("the query asks for both a top count and a page: use one or the other");
        }
    }

    private EntityCollection Page(QueryPlan plan, List<Entity> results)
    {
        var collection = new EntityCollection { EntityName = plan.EntityName, TotalRecordCount = plan.ReturnTotalRecordCount ? results.Count : -1 };
        if (plan.Top is int top)
        {
            collection.Entities.AddRange(results.Take(top));
            return collection;
        }

        var unpaged = plan.PageSize == 0 && plan.PageNumber == 1 && string.IsNullOrEmpty(plan.PagingCookie);
        if (unpaged && results.Count <= maxPageSize)
        {
            collection.Entities.AddRange(results);
            return collection;
        }

        // No page size (Count 0) pages by the largest page: a query without paging that matches more gets its first
        // page, and asking for page 2 with the cookie continues it, as in Dataverse.
        var pageSize = plan.PageSize == 0 ? maxPageSize : plan.PageSize;
        var start = StartOf(plan, results, pageSize);
        var page = results.Skip(start).Take(pageSize).ToList();
        collection.Entities.AddRange(page);
        collection.MoreRecords = start + page.Count < results.Count;
        collection.PagingCookie = new XElement(
            "cookie",
            new XAttribute("page", plan.PageNumber),
            new XAttribute("next", start + page.Count),
            page.Count > 0 && page[^1].Id != Guid.Empty ? new XAttribute("last", page[^1].Id.ToString("B")) : null).ToString(SaveOptions.DisableFormatting);
        return collection;
    }

    private static int StartOf(QueryPlan plan, List<Entity> results, int pageSize)
    {
        var byNumber = (int)Math.Min(int.MaxValue, (long)(plan.PageNumber - 1) * pageSize);
        if (string.IsNullOrEmpty(plan.PagingCookie))
        {
            return byNumber;
        }

        XElement cookie;
        try
        {
            cookie = SafeXml.ParseElement(plan.PagingCookie);
        }
        catch (XmlException)
        {
            throw PipelineException.BadRequest("the paging cookie is not one this host issued: pass the previous page's EntityCollection.PagingCookie unchanged");
        }

        // Only a cookie of the page before the one asked for says where that page starts (Dataverse's rule too).
        if (!int.TryParse((string?)cookie.Attribute("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page != plan.PageNumber - 1)
        {
            return byNumber;
        }

        // Dataverse's own cookies carry the last id on a child element; accept those too.
        var lastText = (string?)cookie.Attribute("last") ?? (string?)cookie.Elements().FirstOrDefault()?.Attribute("last");
        var hasNext = int.TryParse((string?)cookie.Attribute("next"), NumberStyles.None, CultureInfo.InvariantCulture, out var next);
        if (!Guid.TryParse(lastText, out var last))
        {
            return hasNext ? next : byNumber;
        }

        if (hasNext && next > 0 && next <= results.Count && results[next - 1].Id == last)
        {
            return next;
        }

        var index = results.FindIndex(result => result.Id == last);
        return index >= 0 ? index + 1 : byNumber;
    }
}
