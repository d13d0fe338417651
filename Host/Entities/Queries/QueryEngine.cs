using System.Globalization;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

/// <summary>
/// Evaluates a <see cref="QueryPlan"/> in memory over the records <paramref name="load"/> reads for each entity (each
/// entity is read at most once per query): joins links, filters, sorts, projects or aggregates, then pages. No query
/// returns more than <paramref name="maxPageSize"/> records at once (Dataverse's 5,000 by default).
/// </summary>
internal sealed partial class QueryEngine(Func<string, IReadOnlyList<Entity>> load, QueryContext context, int maxPageSize = PluginHostOptions.DefaultMaxPageSize)
{
    public EntityCollection Run(QueryPlan plan)
    {
        Validate(plan);
        var rows = load(plan.EntityName).Select(record => new Row(record)).ToList();
        foreach (var link in plan.Links)
        {
            rows = Join(rows, link, parentAlias: null);
        }

        rows = rows.FindAll(row => Matches(plan.Filter, row, plan.EntityName));
        List<Entity> results;
        if (plan.Aggregate)
        {
            results = Sort(Aggregate(plan, rows), plan.Orders, (result, order) => result.Attributes.TryGetValue(order.Alias!, out var value) ? value : null);
        }
        else
        {
            results = Sort(rows, plan.Orders, (row, order) => OrderValue(plan, row, order)).ConvertAll(row => Project(plan, row));
            if (plan.Distinct)
            {
                results = results.DistinctBy(DistinctKey).ToList();
            }
        }

        return Page(plan, results);
    }

    private void Validate(QueryPlan plan)
    {
        ValidatePaging(plan);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in plan.AllLinks())
        {
            if (!aliases.Add(link.Alias))
            {
                throw PipelineException.BadRequest($"two links of the query share the alias '{link.Alias}'");
            }

            if (link.Kind is LinkKind.Exists or LinkKind.NotExists && (link.AllColumns || link.Columns.Count > 0 || link.Links.Count > 0))
            {
                throw PipelineException.BadRequest($"the link to {link.EntityName} ('{link.Alias}') only tests whether a match exists: it cannot return columns or hold further links");
            }

            foreach (var condition in link.Filter.AllConditions())
            {
                ConditionEvaluator.Validate(condition);
                if (condition.EntityAlias is not null && condition.EntityAlias != link.Alias)
                {
                    throw PipelineException.BadRequest($"a condition in the filter of link '{link.Alias}' refers to '{condition.EntityAlias}': conditions on other entities belong in the query's own filter");
                }
            }
        }

        foreach (var condition in plan.Filter.AllConditions())
        {
            ConditionEvaluator.Validate(condition);
            CheckAlias(condition.EntityAlias, aliases, plan, $"condition on '{condition.Attribute}'");
        }

        foreach (var order in plan.Orders)
        {
            CheckAlias(order.EntityAlias, aliases, plan, $"order on '{order.Attribute ?? order.Alias}'");
            if (plan.Aggregate && !AggregateColumns(plan).Any(column => column.Column.Alias == order.Alias))
            {
                throw PipelineException.BadRequest($"the order on '{order.Alias}' names no column alias of the aggregate query");
            }
        }
    }

    private static void CheckAlias(string? alias, HashSet<string> aliases, QueryPlan plan, string what)
    {
        if (alias is not null && alias != plan.EntityName && !aliases.Contains(alias))
        {
            throw PipelineException.BadRequest($"the {what} refers to the entity alias '{alias}', which no link of the query has");
        }

        if (plan.AllLinks().FirstOrDefault(link => link.Alias == alias) is { Kind: LinkKind.Exists or LinkKind.NotExists })
        {
            throw PipelineException.BadRequest($"the {what} refers to '{alias}', a link that only tests whether a match exists: put the condition in that link's own filter");
        }
    }

    /// <summary>
    /// The most rows links may join into, before top, paging or aggregates apply: joins run in the host's memory, so a
    /// query (from a sandboxed plug-in, say) that multiplies rows through nested links is refused instead of exhausting it.
    /// </summary>
    internal const int MaxJoinedRows = 500_000;

    private List<Row> Join(List<Row> rows, LinkPlan link, string? parentAlias)
    {
        var index = new Dictionary<object, List<Entity>>();
        foreach (var record in load(link.EntityName))
        {
            if (ConditionEvaluator.Key(ConditionEvaluator.Value(record, link.LinkedAttribute)) is { } key
                && Matches(link.Filter, new Row(record), link.Alias))
            {
                (index.TryGetValue(key, out var list) ? list : index[key] = []).Add(record);
            }
        }

        var joined = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var parent = parentAlias is null ? row.Root : row.Linked(parentAlias);
            var key = parent is null ? null : ConditionEvaluator.Key(ConditionEvaluator.Value(parent, link.ParentAttribute));
            var matches = key is not null && index.TryGetValue(key, out var found) ? found : [];
            switch (link.Kind)
            {
                case LinkKind.Exists or LinkKind.NotExists:
                    if ((matches.Count > 0) == (link.Kind == LinkKind.Exists))
                    {
                        joined.Add(row);
                    }

                    break;
                case LinkKind.FirstMatch:
                    if (matches.Count > 0)
                    {
                        joined.Add(row.With(link.Alias, matches[0]));
                    }

                    break;
                default:
                    if (matches.Count == 0 && link.Kind == LinkKind.Outer)
                    {
                        joined.Add(row.With(link.Alias, null));
                    }

                    if (joined.Count + matches.Count > MaxJoinedRows)
                    {
                        throw PipelineException.BadRequest(
                            $"the link to {link.EntityName} (alias '{link.Alias}') would join more than {MaxJoinedRows:N0} rows: narrow the query with filters on the links");
                    }

                    joined.AddRange(matches.Select(match => row.With(link.Alias, match)));
                    break;
            }
        }

        foreach (var child in link.Links)
        {
            joined = Join(joined, child, link.Alias);
        }

        return joined;
    }

    private bool Matches(FilterPlan filter, Row row, string ownName)
    {
        bool Test(ConditionPlan condition) =>
            ConditionEvaluator.Matches(condition, condition.EntityAlias is null || condition.EntityAlias == ownName ? row.Root : row.Linked(condition.EntityAlias), context);

        return filter.Or
            ? filter.Conditions.Exists(Test) || filter.Filters.Exists(child => Matches(child, row, ownName))
            : filter.Conditions.TrueForAll(Test) && filter.Filters.TrueForAll(child => Matches(child, row, ownName));
    }

    private static List<T> Sort<T>(List<T> items, List<OrderPlan> orders, Func<T, OrderPlan, object?> valueOf)
    {
        if (orders.Count == 0)
        {
            return items;
        }

        // OrderBy is stable: records equal on every key keep their creation order.
        var sorted = orders[0].Descending
            ? items.OrderByDescending(item => valueOf(item, orders[0]), SortComparer.Instance)
            : items.OrderBy(item => valueOf(item, orders[0]), SortComparer.Instance);
        foreach (var order in orders.Skip(1))
        {
            sorted = order.Descending
                ? sorted.ThenByDescending(item => valueOf(item, order), SortComparer.Instance)
                : sorted.ThenBy(item => valueOf(item, order), SortComparer.Instance);
        }

        return sorted.ToList();
    }

    private static object? OrderValue(QueryPlan plan, Row row, OrderPlan order)
    {
        var record = order.EntityAlias is null || order.EntityAlias == plan.EntityName ? row.Root : row.Linked(order.EntityAlias);
        var attribute = order.Attribute
            ?? plan.Columns.Find(column => column.Alias == order.Alias)?.Attribute
            ?? throw PipelineException.BadRequest($"the order on alias '{order.Alias}' names no column of the query");
        return record is null ? null : ConditionEvaluator.Value(record, attribute);
    }

    private static Entity Project(QueryPlan plan, Row row)
    {
        var root = row.Root;
        var result = new Entity(plan.EntityName, root.Id);
        if (plan.AllColumns)
        {
            foreach (var attribute in root.Attributes)
            {
                result.Attributes[attribute.Key] = attribute.Value;
            }
        }

        foreach (var column in plan.Columns)
        {
            AddColumn(result, root, column, column.Alias is null ? null : plan.EntityName, prefix: null);
        }

        foreach (var link in plan.AllLinks())
        {
            if (row.Linked(link.Alias) is not { } linked)
            {
                continue;
            }

            var columns = link.AllColumns ? linked.Attributes.Keys.Select(name => new ColumnPlan(name, null)) : link.Columns;
            foreach (var column in columns)
            {
                AddColumn(result, linked, column, link.EntityName, link.Alias);
            }
        }

        return result;
    }

    /// <summary>Adds one column: plain for the query's entity, else as an AliasedValue named by its alias or "link.attribute".</summary>
    private static void AddColumn(Entity result, Entity source, ColumnPlan column, string? aliasedFrom, string? prefix)
    {
        var value = column.Attribute == $"{source.LogicalName}id" ? source.Id
            : source.Attributes.TryGetValue(column.Attribute, out var stored) ? stored
            : null;
        if (value is null && !source.Attributes.ContainsKey(column.Attribute))
        {
            return;
        }

        var name = column.Alias ?? (prefix is null ? column.Attribute : $"{prefix}.{column.Attribute}");
        result.Attributes[name] = aliasedFrom is null ? value : new AliasedValue(aliasedFrom, column.Attribute, value);
    }

    private static string DistinctKey(Entity result) =>
        string.Join('\u001f', result.Attributes.Select(pair => $"{pair.Key}={Convert.ToString(ConditionEvaluator.Key(pair.Value), CultureInfo.InvariantCulture)}"));

    /// <summary>One result row while joining: the query's record and, by alias, each link's record (null for an outer link without one).</summary>
    private sealed class Row(Entity root, Dictionary<string, Entity?>? links = null)
    {
        public Entity Root { get; } = root;

        public Entity? Linked(string alias) => links is not null && links.TryGetValue(alias, out var record) ? record : null;

        public Row With(string alias, Entity? record)
        {
            var copy = links is null ? new Dictionary<string, Entity?>(StringComparer.Ordinal) : new Dictionary<string, Entity?>(links, StringComparer.Ordinal);
            copy[alias] = record;
            return new Row(Root, copy);
        }
    }

    private sealed class SortComparer : IComparer<object?>
    {
        public static readonly SortComparer Instance = new();

        public int Compare(object? x, object? y) => ConditionEvaluator.Sort(x, y);
    }
}
