namespace PluginHost.Registration.Store;

/// <summary>What a service endpoint's URL and auth header must look like.</summary>
public static class ServiceEndpointRules
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Problems with <paramref name="url"/>: it must be an absolute http or https URL without credentials.</summary>
    public static IReadOnlyList<string> UrlProblems(string url)
    {
        if (url.Length > MaxUrlLength)
        {
            return [$"the endpoint URL is {url.Length} characters long: at most {MaxUrlLength}"];
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return [$"'{url}' is not an absolute http or https URL: give one like https://example.com/hook"];
        }

        return uri.UserInfo.Length > 0
            ? [$"the endpoint URL '{uri.Scheme}://***@{uri.Authority}' carries credentials: drop them from the URL and pass --auth-header \"Authorization: ...\" instead"]
            : [];
    }

    /// <summary>Problems with an auth header written as <c>Name: value</c>.</summary>
    public static IReadOnlyList<string> AuthHeaderProblems(string header)
    {
        if (header.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            return ["the auth header contains a line break or NUL: give one line, 'Name: value'"];
        }

        // Without a colon the whole text may be a pasted secret: never echo it.
        if (!header.Contains(':', StringComparison.Ordinal))
        {
            return ["the auth header has no value: give 'Name: value', e.g. 'Authorization: Bearer ...'"];
        }

        var (name, value) = SplitAuthHeader(header);
        if (name.Length == 0 || !name.All(IsTokenCharacter))
        {
            return [$"the auth header must be 'Name: value' with an HTTP header name such as Authorization (got the name '{name}')"];
        }

        return value.Length == 0 ? [$"the auth header '{name}' has no value: give 'Name: value'"] : [];
    }

    /// <summary>Splits <c>Name: value</c> at its first colon, trimming both parts.</summary>
    public static (string Name, string Value) SplitAuthHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (header.Trim(), "") : (header[..colon].Trim(), header[(colon + 1)..].Trim());
    }

    // RFC 9110 token characters.
    private static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
