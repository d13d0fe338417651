using System.Text.RegularExpressions;
using Npgsql;

namespace PluginHost.Registration.Store;

/// <summary>Which database engine keeps the registrations.</summary>
public enum DatabaseBackend
{
    /// <summary>An embedded SQLite file: the default, for one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: for several hosts sharing one database.</summary>
    PostgreSql,
}

/// <summary>
/// Where the database is: a SQLite file path, or a PostgreSQL server given as a <c>postgresql://</c> URL or an Npgsql
/// connection string (<c>Host=…;Username=…;Database=…</c>). <see cref="Display"/> and <see cref="ToString"/> never
/// show a password.
/// </summary>
public sealed partial record DatabaseLocation
{
    /// <summary>The environment variable that names the database when none is given.</summary>
    public const string Variable = "PLUGINHOST_DB";

    /// <summary>The embedded default database, relative to the working directory.</summary>
    public const string DefaultPath = "pluginhost.db";

    private const string Hidden = "***";

    private DatabaseLocation(DatabaseBackend backend, string value, string display)
    {
        Backend = backend;
        Value = value;
        Display = display;
    }

    /// <summary>The engine.</summary>
    public DatabaseBackend Backend { get; }

    /// <summary>SQLite: the full path of the file. PostgreSQL: the Npgsql connection string, password included.</summary>
    public string Value { get; }

    /// <summary>The location for logs and messages: the path, or the connection string with its password as <c>***</c>.</summary>
    public string Display { get; }

    /// <summary>The location given, else <c>PLUGINHOST_DB</c>, else <c>./pluginhost.db</c>.</summary>
    /// <exception cref="RegistrationException">A PostgreSQL URL or connection string that cannot be read.</exception>
    public static DatabaseLocation Resolve(string? given) =>
        Parse(!string.IsNullOrWhiteSpace(given) ? given
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DefaultPath);

    /// <summary>
    /// A <c>postgresql://</c> or <c>postgres://</c> URL, or a connection string with <c>Host=</c>, is PostgreSQL;
    /// anything else is the path of a SQLite file.
    /// </summary>
    /// <exception cref="RegistrationException">A PostgreSQL URL or connection string that cannot be read.</exception>
    public static DatabaseLocation Parse(string value)
    {
        var trimmed = value.Trim();
        if (UrlScheme().IsMatch(trimmed))
        {
            return PostgreSql(FromUrl(trimmed));
        }

        if (HostKeyword().IsMatch(trimmed))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(trimmed);
            }
            catch (ArgumentException exception)
            {
                throw new RegistrationException(
                    $"the PostgreSQL connection string '{HidePassword(trimmed)}' cannot be read: {Problem(exception)}; write it as Host=…;Port=…;Username=…;Password=…;Database=…");
            }

            return PostgreSql(builder);
        }

        var path = Path.GetFullPath(value);
        return new DatabaseLocation(DatabaseBackend.Sqlite, path, path);
    }

    /// <inheritdoc />
    public override string ToString() => Display;

    private static DatabaseLocation PostgreSql(NpgsqlConnectionStringBuilder builder)
    {
        var connectionString = builder.ConnectionString;
        if (builder.Password is { Length: > 0 })
        {
            builder.Password = Hidden;
        }

        return new DatabaseLocation(DatabaseBackend.PostgreSql, connectionString, builder.ConnectionString);
    }

    /// <summary>A libpq-style URL as an Npgsql connection string: user, password, host, port, database, then query parameters.</summary>
    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var shown = HidePassword(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new RegistrationException(
                $"'{shown}' is not a PostgreSQL URL: write it as postgresql://user:password@host:port/database?sslmode=…");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key] = setting;
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
            {
                throw new RegistrationException($"the PostgreSQL URL '{shown}' has a parameter '{key}' that cannot be used: {Problem(exception)}");
            }
        }

        return builder;
    }

    /// <summary>An Npgsql complaint without the parameter name it appends (on a line of its own).</summary>
    private static string Problem(Exception exception) => exception.Message.Split('\n')[0].Trim().TrimEnd('.');

    /// <summary>The text with whatever follows a password keyword, or the password part of a URL, as <c>***</c>.</summary>
    internal static string HidePassword(string text) =>
        UrlPassword().Replace(KeywordPassword().Replace(text, $"$1{Hidden}"), $"$1{Hidden}@");

    [GeneratedRegex(@"\Apostgres(?:ql)?://", RegexOptions.IgnoreCase)]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"(?:\A|;)\s*host\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HostKeyword();

    [GeneratedRegex(@"((?:\A|;)\s*(?:password|pwd|psw)\s*=)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();

    // Up to the last @: an unescaped @ in a password must not leave its tail in sight (hiding too much is harmless).
    [GeneratedRegex(@"(://[^:/@]*:).*@")]
    private static partial Regex UrlPassword();
}
