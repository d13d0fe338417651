using System.Globalization;
using System.Text;

namespace PluginHost.Sandbox.Protocol.Telemetry;

/// <summary>
/// Fills a log message template: each hole (<c>{Name}</c>, <c>{0}</c>, optionally <c>{Name:format}</c>) takes the next
/// argument in order, as message templates do; <c>{{</c> and <c>}}</c> are literal braces. Holes without an argument
/// stay as written, so a template never fails the plug-in that logs it.
/// </summary>
public static class LogTemplate
{
    /// <summary>The message with its holes filled.</summary>
    public static string Format(string? template, object?[]? args)
    {
        if (string.IsNullOrEmpty(template))
        {
            return "";
        }

        var text = new StringBuilder(template.Length + 16);
        var next = 0;
        for (var index = 0; index < template.Length; index++)
        {
            var character = template[index];
            if ((character == '{' || character == '}') && index + 1 < template.Length && template[index + 1] == character)
            {
                text.Append(character);
                index++;
                continue;
            }

            var close = character == '{' ? template.IndexOf('}', index + 1) : -1;
            if (close < 0)
            {
                text.Append(character);
                continue;
            }

            var hole = template.Substring(index + 1, close - index - 1);
            if (args is null || next >= args.Length)
            {
                text.Append('{').Append(hole).Append('}');
            }
            else
            {
                var colon = hole.IndexOf(':');
                text.Append(Render(args[next++], colon < 0 ? null : hole[(colon + 1)..]));
            }

            index = close;
        }

        return text.ToString();
    }

    private static string Render(object? value, string? format)
    {
        try
        {
            return value switch
            {
                null => "null",
                IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }
        catch (FormatException)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }
}
