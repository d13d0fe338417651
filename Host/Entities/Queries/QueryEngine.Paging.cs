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
internal sealed partial class QueryEngine
{
    private static EntityCollection Page(QueryPlan plan, List<Entity> results)
    {
        var collection = new EntityCollection { EntityName = plan.EntityName, TotalRecordCount = plan.ReturnTotalRecordCount ? results.Count : -1 };
        if (plan.Top is int top)
        {
            collection.Entities.AddRange(results.Take(top));
            return collection;
        }

        if (plan.PageSize == 0)
        {
            collection.Entities.AddRange(results);
            return collection;
        }

        var start = StartOf(plan, results);
        var page = results.Skip(start).Take(plan.PageSize).ToList();
        collection.Entities.AddRange(page);
        collection.MoreRecords = start + page.Count < results.Count;
        collection.PagingCookie = new XElement(
            "cookie",
            new XAttribute("page", plan.PageNumber),
            new XAttribute("next", start + page.Count),
            page.Count > 0 && page[^1].Id != Guid.Empty ? new XAttribute("last", page[^1].Id.ToString("B")) : null).ToString(SaveOptions.DisableFormatting);
        return collection;
    }

    private static int StartOf(QueryPlan plan, List<Entity> results)
    {
        var byNumber = (int)Math.Min(int.MaxValue, (long)(plan.PageNumber - 1) * plan.PageSize);
        if (string.IsNullOrEmpty(plan.PagingCookie))
        {
            return byNumber;
        }

        XElement cookie;
        try
        {
            cookie = XElement.Parse(plan.PagingCookie);
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
