namespace Microsoft.Xrm.Sdk.Query;

/// <summary>The comparison a <see cref="ConditionExpression"/> makes; the names and numbers match Dataverse's.</summary>
public enum ConditionOperator
{
    /// <summary>The attribute equals the value.</summary>
    Equal = 0,

    /// <summary>The attribute does not equal the value.</summary>
    NotEqual = 1,

    /// <summary>The attribute is greater than the value.</summary>
    GreaterThan = 2,

    /// <summary>The attribute is less than the value.</summary>
    LessThan = 3,

    /// <summary>The attribute is greater than or equal to the value.</summary>
    GreaterEqual = 4,

    /// <summary>The attribute is less than or equal to the value.</summary>
    LessEqual = 5,

    /// <summary>The string attribute matches a pattern in which % is any run of characters and _ is one character.</summary>
    Like = 6,

    /// <summary>The string attribute does not match the pattern.</summary>
    NotLike = 7,

    /// <summary>The attribute equals one of the values.</summary>
    In = 8,

    /// <summary>The attribute equals none of the values.</summary>
    NotIn = 9,

    /// <summary>The attribute lies between the two values, both included.</summary>
    Between = 10,

    /// <summary>The attribute lies outside the two values.</summary>
    NotBetween = 11,

    /// <summary>The attribute is absent or null; takes no value.</summary>
    Null = 12,

    /// <summary>The attribute has a value; takes no value.</summary>
    NotNull = 13,

    /// <summary>The date falls on the day before today.</summary>
    Yesterday = 14,

    /// <summary>The date falls on today.</summary>
    Today = 15,

    /// <summary>The date falls on the day after today.</summary>
    Tomorrow = 16,

    /// <summary>The date falls within the past seven days, today included.</summary>
    Last7Days = 17,

    /// <summary>The date falls within the coming seven days, today included.</summary>
    Next7Days = 18,

    /// <summary>The date falls in the previous week.</summary>
    LastWeek = 19,

    /// <summary>The date falls in the current week.</summary>
    ThisWeek = 20,

    /// <summary>The date falls in the following week.</summary>
    NextWeek = 21,

    /// <summary>The date falls in the previous month.</summary>
    LastMonth = 22,

    /// <summary>The date falls in the current month.</summary>
    ThisMonth = 23,

    /// <summary>The date falls in the following month.</summary>
    NextMonth = 24,

    /// <summary>The date falls on the given day.</summary>
    On = 25,

    /// <summary>The date falls on or before the given day.</summary>
    OnOrBefore = 26,

    /// <summary>The date falls on or after the given day.</summary>
    OnOrAfter = 27,

    /// <summary>The date falls in the previous year.</summary>
    LastYear = 28,

    /// <summary>The date falls in the current year.</summary>
    ThisYear = 29,

    /// <summary>The date falls in the following year.</summary>
    NextYear = 30,

    /// <summary>The date falls within the past X hours.</summary>
    LastXHours = 31,

    /// <summary>The date falls within the coming X hours.</summary>
    NextXHours = 32,

    /// <summary>The date falls within the past X days.</summary>
    LastXDays = 33,

    /// <summary>The date falls within the coming X days.</summary>
    NextXDays = 34,

    /// <summary>The date falls within the past X weeks.</summary>
    LastXWeeks = 35,

    /// <summary>The date falls within the coming X weeks.</summary>
    NextXWeeks = 36,

    /// <summary>The date falls within the past X months.</summary>
    LastXMonths = 37,

    /// <summary>The date falls within the coming X months.</summary>
    NextXMonths = 38,

    /// <summary>The date falls within the past X years.</summary>
    LastXYears = 39,

    /// <summary>The date falls within the coming X years.</summary>
    NextXYears = 40,

    /// <summary>The attribute holds the calling user's id; takes no value.</summary>
    EqualUserId = 41,

    /// <summary>The attribute does not hold the calling user's id; takes no value.</summary>
    NotEqualUserId = 42,

    /// <summary>The attribute holds the calling user's business unit id; takes no value.</summary>
    EqualBusinessId = 43,

    /// <summary>The attribute does not hold the calling user's business unit id; takes no value.</summary>
    NotEqualBusinessId = 44,

    /// <summary>The record is a child of the given record; reserved by Dataverse.</summary>
    ChildOf = 45,

    /// <summary>The number has every bit of the given mask set.</summary>
    Mask = 46,

    /// <summary>The number does not have every bit of the given mask set.</summary>
    NotMask = 47,

    /// <summary>The number has a bit of the given mask set; reserved by Dataverse.</summary>
    MasksSelect = 48,

    /// <summary>The string attribute contains the value.</summary>
    Contains = 49,

    /// <summary>The string attribute does not contain the value.</summary>
    DoesNotContain = 50,

    /// <summary>The attribute equals the calling user's language.</summary>
    EqualUserLanguage = 51,

    /// <summary>The date does not fall on the given day.</summary>
    NotOn = 52,

    /// <summary>The date lies more than X months in the past.</summary>
    OlderThanXMonths = 53,

    /// <summary>The string attribute begins with the value.</summary>
    BeginsWith = 54,

    /// <summary>The string attribute does not begin with the value.</summary>
    DoesNotBeginWith = 55,

    /// <summary>The string attribute ends with the value.</summary>
    EndsWith = 56,

    /// <summary>The string attribute does not end with the value.</summary>
    DoesNotEndWith = 57,

    /// <summary>The date falls in the current fiscal year.</summary>
    ThisFiscalYear = 58,

    /// <summary>The date falls in the current fiscal period.</summary>
    ThisFiscalPeriod = 59,

    /// <summary>The date falls in the next fiscal year.</summary>
    NextFiscalYear = 60,

    /// <summary>The date falls in the next fiscal period.</summary>
    NextFiscalPeriod = 61,

    /// <summary>The date falls in the last fiscal year.</summary>
    LastFiscalYear = 62,

    /// <summary>The date falls in the last fiscal period.</summary>
    LastFiscalPeriod = 63,

    /// <summary>The date falls in the past X fiscal years.</summary>
    LastXFiscalYears = 64,

    /// <summary>The date falls in the past X fiscal periods.</summary>
    LastXFiscalPeriods = 65,

    /// <summary>The date falls in the coming X fiscal years.</summary>
    NextXFiscalYears = 66,

    /// <summary>The date falls in the coming X fiscal periods.</summary>
    NextXFiscalPeriods = 67,

    /// <summary>The date falls in the given fiscal year.</summary>
    InFiscalYear = 68,

    /// <summary>The date falls in the given fiscal period.</summary>
    InFiscalPeriod = 69,

    /// <summary>The date falls in the given fiscal period of the given fiscal year.</summary>
    InFiscalPeriodAndYear = 70,

    /// <summary>The date falls in or before the given fiscal period and year.</summary>
    InOrBeforeFiscalPeriodAndYear = 71,

    /// <summary>The date falls in or after the given fiscal period and year.</summary>
    InOrAfterFiscalPeriodAndYear = 72,

    /// <summary>The record is owned by a team the calling user belongs to.</summary>
    EqualUserTeams = 73,

    /// <summary>The record is owned by the calling user or a team they belong to.</summary>
    EqualUserOrUserTeams = 74,

    /// <summary>The record lies below the given record in its hierarchy.</summary>
    Under = 75,

    /// <summary>The record does not lie below the given record in its hierarchy.</summary>
    NotUnder = 76,

    /// <summary>The record is the given record or lies below it in its hierarchy.</summary>
    UnderOrEqual = 77,

    /// <summary>The record lies above the given record in its hierarchy.</summary>
    Above = 78,

    /// <summary>The record is the given record or lies above it in its hierarchy.</summary>
    AboveOrEqual = 79,

    /// <summary>The attribute holds the calling user or someone in their reporting hierarchy.</summary>
    EqualUserOrUserHierarchy = 80,

    /// <summary>The attribute holds the calling user, their reporting hierarchy, or their teams.</summary>
    EqualUserOrUserHierarchyAndTeams = 81,

    /// <summary>The date lies more than X years in the past.</summary>
    OlderThanXYears = 82,

    /// <summary>The date lies more than X weeks in the past.</summary>
    OlderThanXWeeks = 83,

    /// <summary>The date lies more than X days in the past.</summary>
    OlderThanXDays = 84,

    /// <summary>The date lies more than X hours in the past.</summary>
    OlderThanXHours = 85,

    /// <summary>The date lies more than X minutes in the past.</summary>
    OlderThanXMinutes = 86,

    /// <summary>The multi-select choice holds at least one of the values.</summary>
    ContainValues = 87,

    /// <summary>The multi-select choice holds none of the values.</summary>
    DoesNotContainValues = 88,
}
