using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// The <c>Authorization: Bearer &lt;key&gt;</c> scheme: a user's key makes that user the caller, the admin key the
/// admin; in Loopback mode a loopback caller without a key is the system user. A presented key must be valid, even
/// from loopback. Refusals are 401 with the error JSON and <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    UserDirectory users,
    AdminKey adminKey,
    IOptions<PluginHostOptions> hostOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PluginHostKey";

    private const string Bearer = "Bearer ";

    private AuthMode Mode => hostOptions.Value.Auth.Mode;

    /// <summary>Whether <paramref name="address"/> is a loopback address, IPv4-mapped ones included.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return Task.FromResult(Mode == AuthMode.Loopback && IsLoopback(Context.Connection.RemoteIpAddress)
                ? Success(Caller.LocalSystem)
                : AuthenticateResult.NoResult());
        }

        var text = header.Count == 1 ? header[0] ?? "" : "";
        var key = text.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? text[Bearer.Length..].Trim() : "";
        if (key.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header must be one 'Bearer <key>'"));
        }

        if (adminKey.Matches(key))
        {
            return Task.FromResult(Success(Caller.Admin));
        }

        return Task.FromResult(users.FindByKey(key) is { } user
            ? Success(new Caller(CallerKind.User, user.Id, user.Name, user.CanImpersonate))
            : AuthenticateResult.Fail("the API key is not valid: no user has it (was the user removed, or its key reset?)"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer realm=\"PluginHost\"" : "Bearer realm=\"PluginHost\", error=\"invalid_token\"";
        await SecurityErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, SecurityErrors.Unauthorized, failure ?? MissingKeyMessage());
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, SecurityErrors.Forbidden, "this key does not allow this request");

    private string MissingKeyMessage()
    {
        var who = Mode == AuthMode.Required ? "every caller needs a key (Auth:Mode is Required)" : "only loopback callers may call without a key";
        return Request.Path.StartsWithSegments("/api/admin")
            ? $"admin endpoints need 'Authorization: Bearer <{AdminKey.Variable}>': {who}"
            : $"this request needs an API key, 'Authorization: Bearer <key>' (keys are made with 'pluginreg user add'): {who}";
    }

    private static AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
}
