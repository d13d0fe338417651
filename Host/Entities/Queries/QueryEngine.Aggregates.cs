using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Entities.Queries;

/// <summary>Aggregate FetchXML: groups rows by the groupby columns and computes count, countcolumn, sum, avg, min and max.</summary>
internal sealed partial class QueryEngine
{
    private static IEnumerable<(string? EntityAlias, string EntityName, ColumnPlan Column)> AggregateColumns(QueryPlan plan) =>
        plan.Columns.Select(column => ((string?)null, plan.EntityName, column))
            .Concat(plan.AllLinks().SelectMany(link => link.Columns.Select(column => ((string?)link.Alias, link.EntityName, column))));

    private static List<Entity> Aggregate(QueryPlan plan, List<Row> rows)
    {
        var columns = AggregateColumns(plan).ToList();
        var groupings = columns.Where(column => column.Column.GroupBy).ToList();

        object? ValueOf(Row row, (string? EntityAlias, string EntityName, ColumnPlan Column) column) =>
            (column.EntityAlias is null ? row.Root : row.Linked(column.EntityAlias)) is { } record ? ConditionEvaluator.Value(record, column.Column.Attribute) : null;

        var groups = rows
            .GroupBy(row => string.Join('\u001f', groupings.Select(grouping => Convert.ToString(ConditionEvaluator.Key(ValueOf(row, grouping)), CultureInfo.InvariantCulture))))
            .Select(group => group.ToList())
            .ToList();
        if (groups.Count == 0 && groupings.Count == 0)
        {
            // Without groupings an aggregate has one result row, even over no records (a count of 0).
            groups.Add([]);
        }

        var results = new List<Entity>(groups.Count);
        foreach (var group in groups)
        {
            var result = new Entity(plan.EntityName);
            foreach (var column in columns)
            {
                var values = group.Select(row => ValueOf(row, column)).Where(value => value is not null).Cast<object>().ToList();
                var value = column.Column.Function switch
                {
                    null => values.FirstOrDefault(),
                    "count" => group.Count,
                    "countcolumn" => column.Column.DistinctValues ? values.Select(ConditionEvaluator.Key).Distinct().Count() : values.Count,
                    "sum" => Sum(values, column.Column.Attribute),
                    "avg" => Average(values, column.Column.Attribute),
                    "min" => values.Count == 0 ? null : values.Min(SortComparer.Instance),
                    _ => values.Count == 0 ? null : values.Max(SortComparer.Instance),
                };
                if (value is not null)
                {
                    result.Attributes[column.Column.Alias!] = new AliasedValue(column.EntityName, column.Column.Attribute, value);
                }
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>The sum in the values' own type: Money stays Money, whole numbers stay whole, any double makes a double.</summary>
    private static object? Sum(List<object> values, string attribute)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var numbers = values.Select(ConditionEvaluator.Unwrap).ToList();
        if (numbers.Exists(number => !ConditionEvaluator.IsNumber(number)))
        {
            throw Pipeline.PipelineException.BadRequest($"sum of '{attribute}' needs numbers, not {numbers.First(number => !ConditionEvaluator.IsNumber(number)).GetType().Name}");
        }

        if (numbers.Exists(number => number is double or float))
        {
            return numbers.Sum(number => Convert.ToDouble(number, CultureInfo.InvariantCulture));
        }

        decimal total;
        try
        {
            total = numbers.Sum(number => Convert.ToDecimal(number, CultureInfo.InvariantCulture));
        }
        catch (OverflowException)
        {
            throw Pipeline.PipelineException.BadRequest($"the sum of '{attribute}' over {values.Count} records is beyond the range of a decimal (±{decimal.MaxValue:N0})");
        }

        return values.TrueForAll(value => value is Money) ? new Money(total)
            : values.TrueForAll(value => value is int or OptionSetValue) && total is >= int.MinValue and <= int.MaxValue ? (int)total
            : values.TrueForAll(value => value is int or long) && total is >= long.MinValue and <= long.MaxValue ? (long)total
            : total;
    }

    private static object? Average(List<object> values, string attribute) => Sum(values, attribute) switch
    {
        null => null,
        Money money => new Money(money.Value / values.Count),
        double total => total / values.Count,
        var total => Convert.ToDecimal(total, CultureInfo.InvariantCulture) / values.Count,
    };
}
