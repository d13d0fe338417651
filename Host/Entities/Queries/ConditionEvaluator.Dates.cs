using System.Globalization;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

// The date operators: on / on-or-before / ..., the calendar ones (today, this-month, ...) and the relative ones
// (last-x-days, olderthan-x-years, ...), all in UTC from the operation's time.
internal static partial class ConditionEvaluator
{
    private static bool MatchesDate(ConditionPlan condition, object? stored, QueryContext context)
    {
        if (stored is null)
        {
            return false;
        }

        if (Unwrap(stored) is not DateTime time)
        {
            throw PipelineException.BadRequest($"condition operator {condition.Operator} needs a date, but '{condition.Attribute}' holds a {stored.GetType().Name}");
        }

        time = time.ToUniversalTime();
        var now = context.Now.ToUniversalTime();
        var today = now.Date;
        if (condition.Operator is ConditionOperator.On or ConditionOperator.OnOrBefore or ConditionOperator.OnOrAfter or ConditionOperator.NotOn)
        {
            var day = DateOf(condition);
            return condition.Operator switch
            {
                ConditionOperator.On => time.Date == day,
                ConditionOperator.NotOn => time.Date != day,
                ConditionOperator.OnOrBefore => time.Date <= day,
                _ => time.Date >= day,
            };
        }

        var x = IsRelative(condition.Operator) ? WholeNumber(condition) : 0;
        var weekStart = today.AddDays(-(int)today.DayOfWeek);
        var monthStart = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var yearStart = new DateTime(today.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var (from, to) = condition.Operator switch
        {
            ConditionOperator.Yesterday => (today.AddDays(-1), today),
            ConditionOperator.Today => (today, today.AddDays(1)),
            ConditionOperator.Tomorrow => (today.AddDays(1), today.AddDays(2)),
            ConditionOperator.Last7Days => (today.AddDays(-7), now),
            ConditionOperator.Next7Days => (now, today.AddDays(8)),
            ConditionOperator.LastWeek => (weekStart.AddDays(-7), weekStart),
            ConditionOperator.ThisWeek => (weekStart, weekStart.AddDays(7)),
            ConditionOperator.NextWeek => (weekStart.AddDays(7), weekStart.AddDays(14)),
            ConditionOperator.LastMonth => (monthStart.AddMonths(-1), monthStart),
            ConditionOperator.ThisMonth => (monthStart, monthStart.AddMonths(1)),
            ConditionOperator.NextMonth => (monthStart.AddMonths(1), monthStart.AddMonths(2)),
            ConditionOperator.LastYear => (yearStart.AddYears(-1), yearStart),
            ConditionOperator.ThisYear => (yearStart, yearStart.AddYears(1)),
            ConditionOperator.NextYear => (yearStart.AddYears(1), yearStart.AddYears(2)),
            ConditionOperator.LastXHours => (Hours(now, -(double)x), now),
            ConditionOperator.NextXHours => (now, Hours(now, x)),
            ConditionOperator.LastXDays => (Days(today, -(double)x), now),
            ConditionOperator.NextXDays => (now, Days(today, (double)x + 1)),
            ConditionOperator.LastXWeeks => (Days(today, -7.0 * x), now),
            ConditionOperator.NextXWeeks => (now, Days(today, (7.0 * x) + 1)),
            ConditionOperator.LastXMonths => (Months(today, -(long)x), now),
            ConditionOperator.NextXMonths => (now, Days(Months(today, x), 1)),
            ConditionOperator.LastXYears => (Months(today, -12L * x), now),
            ConditionOperator.NextXYears => (now, Days(Months(today, 12L * x), 1)),
            ConditionOperator.OlderThanXMinutes => (DateTime.MinValue, Hours(now, -(double)x / 60)),
            ConditionOperator.OlderThanXHours => (DateTime.MinValue, Hours(now, -(double)x)),
            ConditionOperator.OlderThanXDays => (DateTime.MinValue, Days(now, -(double)x)),
            ConditionOperator.OlderThanXWeeks => (DateTime.MinValue, Days(now, -7.0 * x)),
            ConditionOperator.OlderThanXMonths => (DateTime.MinValue, Months(now, -(long)x)),
            _ => (DateTime.MinValue, Months(now, -12L * x)),
        };
        return time >= from && time < to;
    }

    // A relative operator's count comes from the caller (last-x-days with 1,000,000,000, say): past the calendar's ends the
    // range stops at DateTime's first or last instant instead of failing.
    private static DateTime Days(DateTime time, double days) => Shift(time, days, static (t, d) => t.AddDays(d));

    private static DateTime Hours(DateTime time, double hours) => Shift(time, hours, static (t, h) => t.AddHours(h));

    private static DateTime Months(DateTime time, long months) =>
        Shift(time, months, static (t, m) => t.AddMonths((int)Math.Clamp(m, -120_000, 120_000)));

    private static DateTime Shift<T>(DateTime time, T amount, Func<DateTime, T, DateTime> add)
        where T : System.Numerics.INumber<T>
    {
        try
        {
            return add(time, amount);
        }
        catch (ArgumentOutOfRangeException)
        {
            return T.IsNegative(amount) ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) : DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        }
    }

    private static DateTime DateOf(ConditionPlan condition) => Unwrap(condition.Values[0] ?? "") switch
    {
        DateTime time => time.ToUniversalTime().Date,
        string text when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed.Date,
        var other => throw PipelineException.BadRequest($"'{other}' is not a date for condition operator {condition.Operator} on '{condition.Attribute}'"),
    };
}
