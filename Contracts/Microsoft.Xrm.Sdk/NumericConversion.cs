namespace Microsoft.Xrm.Sdk;

/// <summary>Converts between int, long, decimal and double when the value survives the trip.</summary>
internal static class NumericConversion
{
    // Bounds of long as doubles: long.MaxValue itself rounds up to 2^63 as a double, so the upper bound is exclusive.
    private const double LongLowerBound = -9223372036854775808.0;
    private const double LongUpperBound = 9223372036854775808.0;

    public static bool TryConvert(object value, Type target, out object converted)
    {
        converted = null!;
        if (value is not (int or long or decimal or double))
        {
            return false;
        }

        if (target == typeof(double))
        {
            converted = value switch
            {
                int number => (double)number,
                long number => (double)number,
                _ => (double)(decimal)value,
            };
            return true;
        }

        if (target == typeof(decimal))
        {
            switch (value)
            {
                case int number:
                    converted = (decimal)number;
                    return true;
                case long number:
                    converted = (decimal)number;
                    return true;
                case double number when !double.IsNaN(number) && !double.IsInfinity(number) && Math.Abs(number) < (double)decimal.MaxValue:
                    converted = (decimal)number;
                    return true;
                default:
                    return false;
            }
        }

        if (!TryToInt64(value, out var whole))
        {
            return false;
        }

        if (target == typeof(long))
        {
            converted = whole;
            return true;
        }

        if (target == typeof(int) && whole is >= int.MinValue and <= int.MaxValue)
        {
            converted = (int)whole;
            return true;
        }

        return false;
    }

    private static bool TryToInt64(object value, out long whole)
    {
        switch (value)
        {
            case int number:
                whole = number;
                return true;
            case long number:
                whole = number;
                return true;
            case decimal number when decimal.Truncate(number) == number && number >= long.MinValue && number <= long.MaxValue:
                whole = (long)number;
                return true;
            case double number when Math.Truncate(number) == number && number >= LongLowerBound && number < LongUpperBound:
                whole = (long)number;
                return true;
            default:
                whole = 0;
                return false;
        }
    }
}
