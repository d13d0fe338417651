using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

/// <summary>Who runs a query and when: what EqualUserId and the relative date operators compare with.</summary>
/// <param name="UserId">The user the operation acts as.</param>
/// <param name="Now">The operation's time, UTC; "today" is its UTC date.</param>
internal sealed record QueryContext(Guid UserId, DateTime Now);

/// <summary>
/// Evaluates one condition on one record. Strings compare case-insensitively (as Dataverse does); numbers compare by
/// value whatever their CLR type; a string condition value (FetchXML's only kind) is converted to the stored value's type,
/// and EntityReference, OptionSetValue and Money compare by their id, number and amount.
/// </summary>
internal static partial class ConditionEvaluator
{
    private enum Arity
    {
        None,
        One,
        Two,
        Many,
    }

    /// <summary>Flattens arrays and lists among condition values, as In and Between take them either way.</summary>
    public static IEnumerable<object?> Flatten(IEnumerable<object?> values) =>
        values.SelectMany(value => value is IEnumerable items and not string and not byte[] ? items.Cast<object?>() : [value]);

    /// <summary>Fails with a clear error, before anything is read, for an operator the store cannot evaluate or a wrong number of values.</summary>
    public static void Validate(ConditionPlan condition)
    {
        var name = FetchXmlOperators.NameOf(condition.Operator) is { } fetchName ? $"{condition.Operator} ('{fetchName}')" : condition.Operator.ToString();
        var arity = ArityOf(condition.Operator)
            ?? throw PipelineException.BadRequest(
                $"condition operator {name} on '{condition.Attribute}' is not supported by PluginHost: it has no business units, teams, hierarchies, fiscal calendar or user languages");
        var count = condition.Values.Count;
        var ok = arity switch
        {
            Arity.None => true,
            Arity.One => count == 1,
            Arity.Two => count == 2,
            _ => count >= 1,
        };
        if (!ok)
        {
            var expected = arity switch { Arity.One => "exactly one value", Arity.Two => "exactly two values", _ => "at least one value" };
            throw PipelineException.BadRequest($"condition operator {name} on '{condition.Attribute}' takes {expected}, not {count}");
        }

        if (IsRelative(condition.Operator))
        {
            _ = WholeNumber(condition);
        }
    }

    public static bool Matches(ConditionPlan condition, Entity? record, QueryContext context)
    {
        var stored = record is null ? null : Value(record, condition.Attribute);
        var values = condition.Values;
        switch (condition.Operator)
        {
            case ConditionOperator.Null:
                return stored is null;
            case ConditionOperator.NotNull:
                return stored is not null;
            case ConditionOperator.In:
                return values.Any(value => Order(stored, value) == 0);
            case ConditionOperator.NotIn:
                return stored is not null && !values.Any(value => Order(stored, value) == 0);
            case ConditionOperator.Between:
                return stored is not null && Between(stored, values[0], values[1]);
            case ConditionOperator.NotBetween:
                return stored is not null && !Between(stored, values[0], values[1]);
            case ConditionOperator.EqualUserId:
                return stored is not null && Order(stored, context.UserId) == 0;
            case ConditionOperator.NotEqualUserId:
                return stored is not null && Order(stored, context.UserId) != 0;
            case ConditionOperator.Like or ConditionOperator.NotLike
                or ConditionOperator.BeginsWith or ConditionOperator.DoesNotBeginWith
                or ConditionOperator.EndsWith or ConditionOperator.DoesNotEndWith
                or ConditionOperator.Contains or ConditionOperator.DoesNotContain:
                return MatchesText(condition.Operator, stored, values[0]);
            case ConditionOperator.Mask or ConditionOperator.NotMask:
                var mask = WholeNumber(condition);
                return stored is not null && (NumberOf(Unwrap(stored)) & mask) == mask == (condition.Operator == ConditionOperator.Mask);
            case ConditionOperator.ContainValues or ConditionOperator.DoesNotContainValues:
                var held = stored is IEnumerable items and not string ? items.Cast<object?>().ToList() : stored is null ? [] : [stored];
                var any = held.Any(item => values.Any(value => Order(item, value) == 0));
                return condition.Operator == ConditionOperator.ContainValues ? any : stored is not null && !any;
        }

        if (IsDate(condition.Operator))
        {
            return MatchesDate(condition, stored, context);
        }

        // As in SQL (and Dataverse), a missing value is neither equal nor unequal to a value; comparing with null asks "is (not) null".
        var expected = values[0];
        if (stored is null || expected is null)
        {
            return condition.Operator == ConditionOperator.Equal
                ? stored is null && expected is null
                : condition.Operator == ConditionOperator.NotEqual && stored is not null;
        }

        var order = Order(stored, expected);
        return condition.Operator switch
        {
            ConditionOperator.Equal => order == 0,
            ConditionOperator.NotEqual => order != 0,
            ConditionOperator.GreaterThan => order > 0 && order != int.MaxValue,
            ConditionOperator.GreaterEqual => order >= 0 && order != int.MaxValue,
            ConditionOperator.LessThan => order < 0,
            ConditionOperator.LessEqual => order <= 0,
            _ => throw new InvalidOperationException($"operator {condition.Operator} passed validation but has no evaluation"),
        };
    }

    /// <summary>An attribute of a record; the record's id answers to "id" and to "&lt;entity&gt;id".</summary>
    public static object? Value(Entity record, string attribute) =>
        attribute == "id" || attribute == $"{record.LogicalName}id"
            ? record.Id
            : record.Attributes.TryGetValue(attribute, out var value) ? value : null;

    /// <summary>
    /// Orders a stored value against a condition value: negative, zero or positive; <see cref="int.MaxValue"/> when the
    /// two cannot be compared (so they are "not equal" and neither greater nor smaller).
    /// </summary>
    public static int Order(object? stored, object? expected)
    {
        if (stored is null || expected is null)
        {
            return stored is null && expected is null ? 0 : int.MaxValue;
        }

        stored = Unwrap(stored);
        expected = Unwrap(expected);
        if (expected is string text && stored is not string && !TryConvert(text, stored, out expected))
        {
            return int.MaxValue;
        }

        return (stored, expected) switch
        {
            (string left, string right) => Math.Sign(string.Compare(left, right, StringComparison.OrdinalIgnoreCase)),
            (bool left, bool right) => left.CompareTo(right),
            (Guid left, Guid right) => left.CompareTo(right),
            (DateTime left, DateTime right) => left.ToUniversalTime().CompareTo(right.ToUniversalTime()),
            (double left, not null) when IsNumber(expected) => left.CompareTo(Convert.ToDouble(expected, CultureInfo.InvariantCulture)),
            (_, double right) when IsNumber(stored) => Convert.ToDouble(stored, CultureInfo.InvariantCulture).CompareTo(right),
            _ when IsNumber(stored) && expected is not null && IsNumber(expected) => Convert.ToDecimal(stored, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(expected, CultureInfo.InvariantCulture)),
            _ => Equals(stored, expected) ? 0 : int.MaxValue,
        };
    }

    /// <summary>A total order for sorting: nulls first, then values of one kind by value, kinds apart by name.</summary>
    public static int Sort(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        // Values compare by value only when they are of one kind: a condition converts its text to the stored type,
        // but a sort doing so would put 50 above "10" and "10" above 50, and paging would repeat or skip records.
        var (leftValue, rightValue) = (Unwrap(left), Unwrap(right));
        var sameKind = leftValue.GetType() == rightValue.GetType() || (IsNumber(leftValue) && IsNumber(rightValue));
        var order = sameKind ? Order(leftValue, rightValue) : int.MaxValue;
        return order != int.MaxValue ? order
            : string.CompareOrdinal(leftValue.GetType().Name, rightValue.GetType().Name) is var byKind && byKind != 0 ? byKind
            : string.Compare(Convert.ToString(leftValue, CultureInfo.InvariantCulture), Convert.ToString(rightValue, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A value as a join or grouping key: equal keys for values a condition would call equal.</summary>
    public static object? Key(object? value) => value is null ? null : Unwrap(value) switch
    {
        string text => text.ToUpperInvariant(),
        DateTime time => time.ToUniversalTime(),
        var number when IsNumber(number) && number is not double => Convert.ToDecimal(number, CultureInfo.InvariantCulture),
        var other => other,
    };

    public static object Unwrap(object value) => value switch
    {
        EntityReference reference => reference.Id,
        OptionSetValue option => option.Value,
        Money money => money.Value,
        AliasedValue aliased when aliased.Value is not null => Unwrap(aliased.Value),
        _ => value,
    };

    public static bool IsNumber(object value) => value is int or long or decimal or double or float or short or byte;

    private static Arity? ArityOf(ConditionOperator op) => op switch
    {
        ConditionOperator.Null or ConditionOperator.NotNull or ConditionOperator.EqualUserId or ConditionOperator.NotEqualUserId => Arity.None,
        >= ConditionOperator.Yesterday and <= ConditionOperator.NextMonth => Arity.None,
        ConditionOperator.LastYear or ConditionOperator.ThisYear or ConditionOperator.NextYear => Arity.None,
        ConditionOperator.In or ConditionOperator.NotIn or ConditionOperator.ContainValues or ConditionOperator.DoesNotContainValues => Arity.Many,
        ConditionOperator.Between or ConditionOperator.NotBetween => Arity.Two,
        <= ConditionOperator.NotLike => Arity.One,
        ConditionOperator.On or ConditionOperator.OnOrBefore or ConditionOperator.OnOrAfter or ConditionOperator.NotOn => Arity.One,
        _ when IsRelative(op) => Arity.One,
        ConditionOperator.Mask or ConditionOperator.NotMask => Arity.One,
        ConditionOperator.Contains or ConditionOperator.DoesNotContain => Arity.One,
        >= ConditionOperator.BeginsWith and <= ConditionOperator.DoesNotEndWith => Arity.One,
        _ => null,
    };

    private static bool IsRelative(ConditionOperator op) =>
        op is >= ConditionOperator.LastXHours and <= ConditionOperator.NextXYears
            or ConditionOperator.OlderThanXMonths
            or >= ConditionOperator.OlderThanXYears and <= ConditionOperator.OlderThanXMinutes;

    private static bool IsDate(ConditionOperator op) =>
        op is >= ConditionOperator.Yesterday and <= ConditionOperator.NextXYears or ConditionOperator.NotOn
            or ConditionOperator.OlderThanXMonths or >= ConditionOperator.OlderThanXYears and <= ConditionOperator.OlderThanXMinutes;

    private static bool MatchesText(ConditionOperator op, object? stored, object? expected)
    {
        if (stored is not string text || expected is null)
        {
            return false;
        }

        var value = Convert.ToString(expected, CultureInfo.InvariantCulture) ?? "";
        var comparison = StringComparison.OrdinalIgnoreCase;
        return op switch
        {
            ConditionOperator.Like => Like(text, value),
            ConditionOperator.NotLike => !Like(text, value),
            ConditionOperator.BeginsWith => text.StartsWith(value, comparison),
            ConditionOperator.DoesNotBeginWith => !text.StartsWith(value, comparison),
            ConditionOperator.EndsWith => text.EndsWith(value, comparison),
            ConditionOperator.DoesNotEndWith => !text.EndsWith(value, comparison),
            ConditionOperator.Contains => text.Contains(value, comparison),
            _ => !text.Contains(value, comparison),
        };
    }

    private static int WholeNumber(ConditionPlan condition)
    {
        var value = condition.Values.Count == 1 ? condition.Values[0] : null;
        return value switch
        {
            int number => number,
            long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
            short or byte => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            decimal number when number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue => (int)number,
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw PipelineException.BadRequest(
                $"condition operator {condition.Operator} on '{condition.Attribute}' takes one whole number from {int.MinValue} to {int.MaxValue}, not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'"),
        };
    }

    private static bool Between(object stored, object? low, object? high) =>
        Order(stored, low) is >= 0 and not int.MaxValue && Order(stored, high) <= 0;

    /// <summary>A stored number as a bit mask: 0 for what is not a whole number that fits a long (a NaN, 1e30, a text).</summary>
    private static long NumberOf(object value) => value switch
    {
        int or long or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal number when number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue => (long)number,
        double number when number == Math.Truncate(number) && number is >= long.MinValue and < 9.2233720368547758E+18 => (long)number,
        _ => 0,
    };

    private static bool TryConvert(string text, object like, out object? converted)
    {
        converted = null;
        switch (like)
        {
            case double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                {
                    converted = real;
                }

                break;
            case int or long or decimal or float or short or byte:
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    converted = number;
                }

                break;
            case bool:
                converted = text switch
                {
                    "1" => true,
                    "0" => false,
                    _ => bool.TryParse(text, out var flag) ? flag : null,
                };
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

    /// <summary>
    /// SQL LIKE: % is any run, _ is one character; case-insensitive. The pattern comes from the caller (a plug-in or
    /// FetchXML), so it runs on the non-backtracking engine: linear in the text, whatever the pattern, and never a
    /// timeout that could pass for the step's own.
    /// </summary>
    private static bool Like(string text, string pattern)
    {
        // \A and \z, not ^ and $: $ also matches before a final newline, so "abc\n" would be like "abc".
        var regex = @"\A" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + @"\z";
        return Regex.IsMatch(text, regex, RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }
}
