using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http;

/// <summary>
/// Reads a request body as JSON and refuses what System.Text.Json lets through: bytes that are not UTF-8, text holding
/// a lone surrogate (an escape such as <c>\ud800</c>, which no stored string could carry faithfully), and an object
/// that names a key twice (JsonDocument keeps both, and which one would win is an accident). Kestrel's
/// MaxRequestBodySize bounds what is read.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonElement> ReadAsync(HttpContext http, bool allowEmpty)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0)
        {
            return allowEmpty ? default : throw PipelineException.BadRequest("the request has no body: send a JSON object of attributes");
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes.Span))
        {
            throw PipelineException.BadRequest($"the request body is not valid UTF-8: the bytes at offset {FirstInvalidByte(bytes.Span)} encode no character");
        }

        using var document = JsonDocument.Parse(bytes);
        Check(document.RootElement, "");
        return document.RootElement.Clone();
    }

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = Text(() => property.Name, $"a key in {Where(path)}");
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    if (!names.Add(name))
                    {
                        throw PipelineException.BadRequest($"the request body names '{at}' twice: a key may appear once in an object");
                    }

                    Check(property.Value, at);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                Text(element.GetString, Where(path));
                break;
        }
    }

    /// <summary>Reads a string or a key, turning the reader's complaint about a lone surrogate into BadRequest.</summary>
    private static string Text(Func<string?> read, string what)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw PipelineException.BadRequest($"{what} is not valid Unicode text: it holds a lone surrogate escape such as \\ud800 without its pair");
        }
    }

    private static string Where(string path) => path.Length == 0 ? "the request body" : $"'{path}'";

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
