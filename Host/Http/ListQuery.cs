using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Http;

/// <summary>
/// The query string of <c>GET /api/entities/{entity}</c>: <c>top</c> (at most that many records, no further pages),
/// <c>pagesize</c> (records per page, the largest page by default), <c>skiptoken</c> (the next page, from the previous
/// response's <c>nextLink</c>), <c>columns</c>, and any other parameter an equality condition on that attribute.
/// </summary>
/// <remarks>
/// The skip token is the query engine's paging cookie in base64url: it names the last record returned, so the next page
/// continues after it even when records were created or deleted in between, which a record count to skip would not.
/// </remarks>
internal static class ListQuery
{
    private const string Top = "top";
    private const string PageSize = "pagesize";
    private const string SkipToken = "skiptoken";
    private const string Columns = "columns";

    /// <summary>The query the parameters ask for; BadRequest naming the parameter for anything malformed or out of range.</summary>
    public static QueryByAttribute Parse(string entity, IQueryCollection parameters, int maxPageSize)
    {
        var query = new QueryByAttribute(entity) { ColumnSet = new ColumnSet(true) };
        int? top = null;
        int? pageSize = null;
        (int Page, string Cookie)? token = null;
        foreach (var (key, values) in parameters)
        {
            if (values.Count > 1)
            {
                throw PipelineException.BadRequest($"the query parameter '{key}' is given {values.Count} times: give it once");
            }

            var value = values.ToString();
            switch (key)
            {
                case Top:
                    top = Count(Top, value, maxPageSize);
                    break;
                case PageSize:
                    pageSize = Count(PageSize, value, maxPageSize);
                    break;
                case SkipToken:
                    token = ReadToken(value);
                    break;
                case Columns:
                    query.ColumnSet = new ColumnSet(ColumnNames(value));
                    break;
                default:
                    if (!Names.IsValidLogicalName(key))
                    {
                        throw PipelineException.BadRequest($"'{key}' is not a valid attribute name to filter on");
                    }

                    query.Attributes.Add(key);
                    query.Values.Add(value);
                    break;
            }
        }

        if (top is not null && (pageSize is not null || token is not null))
        {
            throw PipelineException.BadRequest($"'{Top}' asks for at most that many records and no further pages: leave out '{PageSize}' and '{SkipToken}', or '{Top}'");
        }

        if (top is not null)
        {
            query.TopCount = top;
            return query;
        }

        // Records in creation order, with paging always on: a listing never returns more than one page.
        query.PageInfo = new PagingInfo
        {
            Count = pageSize ?? maxPageSize,
            PageNumber = token is { } next ? next.Page + 1 : 1,
            PagingCookie = token?.Cookie,
        };
        return query;
    }

    /// <summary>The link to the page after <paramref name="page"/>, or null when it is the last (or names no cookie).</summary>
    public static string? NextLink(HttpRequest request, EntityCollection page)
    {
        if (!page.MoreRecords || string.IsNullOrEmpty(page.PagingCookie))
        {
            return null;
        }

        var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.PagingCookie));
        var parameters = request.Query
            .Where(parameter => parameter.Key != SkipToken)
            .Select(parameter => KeyValuePair.Create(parameter.Key, (string?)parameter.Value.ToString()))
            .Append(KeyValuePair.Create(SkipToken, (string?)token));
        return $"{request.PathBase}{request.Path}{QueryString.Create(parameters)}";
    }

    private static int Count(string parameter, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 && count <= max
            ? count
            : throw PipelineException.BadRequest($"'{parameter}' must be a whole number from 1 to {max}, not '{Shown(value)}'");

    /// <summary>A comma-separated list of attribute names; BadRequest naming the first that is not one.</summary>
    public static string[] ColumnNames(string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.FirstOrDefault(name => !Names.IsValidLogicalName(name)) is { } bad
            ? throw PipelineException.BadRequest($"'{Columns}' names '{Shown(bad)}', which is not a valid attribute name")
            : names;
    }

    /// <summary>The page a skip token ends and the cookie to continue from.</summary>
    private static (int Page, string Cookie) ReadToken(string value)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(value.Length)];
        string cookie;
        try
        {
            cookie = Base64Url.TryDecodeFromChars(value, bytes, out var written)
                ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written)
                : throw new FormatException();
            var page = (string?)Entities.Queries.SafeXml.ParseElement(cookie).Attribute("page");
            return int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and < int.MaxValue
                ? (number, cookie)
                : throw new FormatException();
        }
        catch (Exception exception) when (exception is FormatException or XmlException or DecoderFallbackException)
        {
            throw PipelineException.BadRequest($"'{SkipToken}' is not one this host gave out: follow the previous page's nextLink unchanged");
        }
    }

    private static string Shown(string value) => value.Length <= 64 ? value : $"{value[..64]}…";
}
