using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

/// <summary>Turns a <see cref="QueryBase"/> of any supported kind into the <see cref="QueryPlan"/> the store evaluates.</summary>
internal static class QueryTranslator
{
    public static QueryPlan Translate(QueryBase query) => query switch
    {
        QueryByAttribute byAttribute => FromQueryByAttribute(byAttribute),
        QueryExpression expression => FromQueryExpression(expression),
        FetchExpression fetch => FetchXmlParser.Parse(fetch.Query),
        _ => throw PipelineException.BadRequest(
            $"query type {query?.GetType().Name ?? "null"} is not supported: use QueryByAttribute, QueryExpression or FetchExpression"),
    };

    /// <summary>The logical name of the entity a query reads, or null when it names none.</summary>
    public static string? EntityNameOf(QueryBase? query) => query switch
    {
        FetchExpression fetch => FetchXmlParser.EntityNameOf(fetch.Query),
        null => null,
        _ => query.EntityName,
    };

    private static QueryPlan FromQueryByAttribute(QueryByAttribute query)
    {
        if (query.Attributes.Count != query.Values.Count)
        {
            throw PipelineException.BadRequest($"the query has {query.Attributes.Count} attributes but {query.Values.Count} values");
        }

        var plan = NewPlan(query);
        for (var index = 0; index < query.Attributes.Count; index++)
        {
            plan.Filter.Conditions.Add(new ConditionPlan(null, query.Attributes[index], ConditionOperator.Equal, [query.Values[index]]));
        }

        AddOrders(plan.Orders, query.Orders, null);
        Page(plan, query.PageInfo);
        return plan;
    }

    private static QueryPlan FromQueryExpression(QueryExpression query)
    {
        var plan = NewPlan(query);
        plan.Filter = Filter(query.Criteria, null);
        plan.Distinct = query.Distinct;
        AddOrders(plan.Orders, query.Orders, null);
        var counter = 0;
        foreach (var link in query.LinkEntities)
        {
            plan.Links.Add(Link(link, plan.Orders, ref counter));
        }

        Page(plan, query.PageInfo);
        return plan;
    }

    private static QueryPlan NewPlan(QueryBase query)
    {
        var plan = new QueryPlan
        {
            EntityName = string.IsNullOrEmpty(query.EntityName) ? throw PipelineException.BadRequest("the query names no entity") : query.EntityName,
            AllColumns = query.ColumnSet.AllColumns,
            Top = query.TopCount,
        };
        plan.Columns.AddRange(query.ColumnSet.Columns.Select(column => new ColumnPlan(column, null)));
        return plan;
    }

    private static void Page(QueryPlan plan, PagingInfo page)
    {
        if (page.Count < 0 || page.PageNumber < 0)
        {
            throw PipelineException.BadRequest($"PageInfo.Count ({page.Count}) and PageInfo.PageNumber ({page.PageNumber}) cannot be negative");
        }

        plan.PageSize = page.Count;
        plan.PageNumber = Math.Max(1, page.PageNumber);
        plan.PagingCookie = page.PagingCookie;
        plan.ReturnTotalRecordCount = page.ReturnTotalRecordCount;
    }

    private static FilterPlan Filter(FilterExpression filter, string? ownAlias)
    {
        var plan = new FilterPlan { Or = filter.FilterOperator == LogicalOperator.Or };
        foreach (var condition in filter.Conditions)
        {
            if (string.IsNullOrEmpty(condition.AttributeName))
            {
                throw PipelineException.BadRequest("a condition names no attribute");
            }

            var alias = string.IsNullOrEmpty(condition.EntityName) ? ownAlias : condition.EntityName;
            plan.Conditions.Add(new ConditionPlan(alias, condition.AttributeName, condition.Operator, [.. ConditionEvaluator.Flatten(condition.Values)]));
        }

        plan.Filters.AddRange(filter.Filters.Select(child => Filter(child, ownAlias)));
        return plan;
    }

    private static LinkPlan Link(LinkEntity link, List<OrderPlan> orders, ref int counter)
    {
        counter++;
        var entityName = Required(link.LinkToEntityName, "LinkToEntityName");

        // Dataverse names an unaliased link after its entity and its position in the query.
        var alias = string.IsNullOrEmpty(link.EntityAlias) ? $"{entityName}{counter}" : link.EntityAlias;
        var plan = new LinkPlan
        {
            EntityName = entityName,
            Alias = alias,
            ParentAttribute = Required(link.LinkFromAttributeName, "LinkFromAttributeName"),
            LinkedAttribute = Required(link.LinkToAttributeName, "LinkToAttributeName"),
            Kind = link.JoinOperator switch
            {
                JoinOperator.Inner => LinkKind.Inner,
                JoinOperator.LeftOuter => LinkKind.Outer,
                JoinOperator.MatchFirstRowUsingCrossApply => LinkKind.FirstMatch,
                JoinOperator.In or JoinOperator.Exists or JoinOperator.Any => LinkKind.Exists,
                JoinOperator.NotAny => LinkKind.NotExists,
                var other => throw PipelineException.BadRequest(
                    $"JoinOperator.{other} of the link to {entityName} is not supported: use Inner, LeftOuter, MatchFirstRowUsingCrossApply, In, Exists, Any or NotAny"),
            },
            AllColumns = link.Columns.AllColumns,
            Filter = Filter(link.LinkCriteria, null),
        };
        plan.Columns.AddRange(link.Columns.Columns.Select(column => new ColumnPlan(column, null)));
        AddOrders(orders, link.Orders, alias);
        foreach (var child in link.LinkEntities)
        {
            plan.Links.Add(Link(child, orders, ref counter));
        }

        return plan;
    }

    private static void AddOrders(List<OrderPlan> plan, IEnumerable<OrderExpression> orders, string? alias)
    {
        foreach (var order in orders)
        {
            if (string.IsNullOrEmpty(order.AttributeName) && string.IsNullOrEmpty(order.Alias))
            {
                throw PipelineException.BadRequest("an order names neither an attribute nor an alias");
            }

            var entityAlias = string.IsNullOrEmpty(order.EntityName) ? alias : order.EntityName;
            plan.Add(new OrderPlan(entityAlias, order.AttributeName, order.Alias, order.OrderType == OrderType.Descending));
        }
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrEmpty(value) ? throw PipelineException.BadRequest($"a link entity has no {what}") : value;
}
