using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities;

/// <summary>
/// Turns a QueryByAttribute or QueryExpression into a predicate over records. Strings compare case-insensitively
/// (as Dataverse does); numbers compare by value whatever their CLR type; a string condition value is converted to
/// the stored value's type, so query-string values work against typed attributes.
/// </summary>
internal static class QueryEvaluator
{
    public static (string EntityName, ColumnSet? Columns, int? Top, Func<Entity, bool> Matches) Compile(QueryBase query) => query switch
    {
        QueryByAttribute byAttribute => (
            RequireName(byAttribute.EntityName),
            byAttribute.ColumnSet,
            byAttribute.TopCount,
            Conjunction(byAttribute)),
        QueryExpression expression => (
            RequireName(expression.EntityName),
            expression.ColumnSet,
            expression.TopCount,
            record => Evaluate(expression.Criteria, record)),
        _ => throw PipelineException.BadRequest($"query type {query?.GetType().Name ?? "null"} is not supported: use QueryByAttribute or QueryExpression"),
    };

    private static string RequireName(string? entityName) =>
        string.IsNullOrEmpty(entityName) ? throw PipelineException.BadRequest("the query names no entity") : entityName;

    private static Func<Entity, bool> Conjunction(QueryByAttribute query)
    {
        if (query.Attributes.Count != query.Values.Count)
        {
            throw PipelineException.BadRequest($"the query has {query.Attributes.Count} attributes but {query.Values.Count} values");
        }

        var pairs = query.Attributes.Zip(query.Values, (attribute, value) => (attribute, Values: new Collection<object?> { value })).ToArray();
        return record => pairs.All(pair => Compare(ConditionOperator.Equal, Value(record, pair.attribute), pair.Values));
    }

    private static bool Evaluate(FilterExpression filter, Entity record)
    {
        var results = filter.Conditions.Select(condition => Compare(condition.Operator, Value(record, condition.AttributeName), condition.Values))
            .Concat(filter.Filters.Select(child => Evaluate(child, record)));
        return filter.FilterOperator == LogicalOperator.Or ? results.Any(result => result) : results.All(result => result);
    }

    private static object? Value(Entity record, string attribute) =>
        attribute == "id" || attribute == $"{record.LogicalName}id"
            ? record.Id
            : record.Attributes.TryGetValue(attribute, out var value) ? value : null;

    private static bool Compare(ConditionOperator op, object? stored, Collection<object?> values)
    {
        switch (op)
        {
            case ConditionOperator.Null:
                return stored is null;
            case ConditionOperator.NotNull:
                return stored is not null;
            case ConditionOperator.In:
                return values.Any(value => Order(stored, value) == 0);
            case ConditionOperator.NotIn:
                return !values.Any(value => Order(stored, value) == 0);
            case ConditionOperator.Like:
                return stored is string text && values.Count > 0 && values[0] is string pattern && Like(text, pattern);
            case ConditionOperator.NotLike:
                return stored is string notText && values.Count > 0 && values[0] is string notPattern && !Like(notText, notPattern);
        }

        var expected = values.Count == 1 ? values[0] : throw PipelineException.BadRequest($"operator {op} takes exactly one value, not {values.Count}");
        if (stored is null || expected is null)
        {
            return op == ConditionOperator.Equal ? stored is null && expected is null : op == ConditionOperator.NotEqual && (stored is null) != (expected is null);
        }

        var order = Order(stored, expected);
        return op switch
        {
            ConditionOperator.Equal => order == 0,
            ConditionOperator.NotEqual => order != 0,
            ConditionOperator.GreaterThan => order > 0,
            ConditionOperator.GreaterEqual => order >= 0,
            ConditionOperator.LessThan => order < 0,
            ConditionOperator.LessEqual => order <= 0,
            _ => throw PipelineException.BadRequest($"condition operator {op} is not supported"),
        };
    }

    /// <summary>Orders two values; values that cannot be compared are "not equal" (non-zero).</summary>
    private static int Order(object? stored, object? expected)
    {
        if (stored is null || expected is null)
        {
            return stored is null && expected is null ? 0 : 1;
        }

        stored = Unwrap(stored);
        expected = Unwrap(expected);
        if (expected is string text && stored is not string && !TryConvert(text, stored, out expected))
        {
            return 1;
        }

        return (stored, expected) switch
        {
            (string left, string right) => string.Compare(left, right, StringComparison.OrdinalIgnoreCase),
            (bool left, bool right) => left.CompareTo(right),
            (Guid left, Guid right) => left.CompareTo(right),
            (DateTime left, DateTime right) => left.ToUniversalTime().CompareTo(right.ToUniversalTime()),
            _ when IsNumber(stored) && expected is not null && IsNumber(expected) => Convert.ToDecimal(stored, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(expected, CultureInfo.InvariantCulture)),
            _ => Equals(stored, expected) ? 0 : 1,
        };
    }

    private static object Unwrap(object value) => value switch
    {
        EntityReference reference => reference.Id,
        OptionSetValue option => option.Value,
        Money money => money.Value,
        _ => value,
    };

    private static bool IsNumber(object value) => value is int or long or decimal or double or float or short or byte;

    private static bool TryConvert(string text, object like, out object? converted)
    {
        converted = null;
        switch (like)
        {
            case int or long or decimal or double or float or short or byte:
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    converted = number;
                }

                break;
            case bool:
                if (bool.TryParse(text, out var flag))
                {
                    converted = flag;
                }

                break;
            case Guid:
                if (Guid.TryParse(text, out var id))
                {
                    converted = id;
                }

                break;
            case DateTime:
                if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                {
                    converted = time;
                }

                break;
        }

        return converted is not null;
    }

    /// <summary>SQL LIKE: % is any run, _ is one character, case-insensitive.</summary>
    private static bool Like(string text, string pattern)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
