using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// <c>X-PluginHost-UserId</c>, Dataverse's CallerId: a caller with the impersonate privilege acts as another user, who
/// becomes the context's <c>UserId</c> while the caller stays its <c>InitiatingUserId</c>.
/// </summary>
internal static class Impersonation
{
    public const string Header = "X-PluginHost-UserId";

    /// <summary>Why <paramref name="caller"/> may not send the header it sent, or null when it may (or sent none).</summary>
    public static string? Refusal(Caller caller, HttpRequest request)
    {
        var value = request.Headers[Header];
        if (value.Count == 0)
        {
            return null;
        }

        // The system user is not anyone's to borrow: a user with the privilege acts as other users, never above them.
        if (caller.UserId != OrganizationServiceFactory.SystemUserId
            && value.Any(text => Guid.TryParse(text, out var id) && id == OrganizationServiceFactory.SystemUserId))
        {
            return $"user '{caller.Name}' may not act as the system user ({OrganizationServiceFactory.SystemUserId}) through {Header}";
        }

        if (caller.CanImpersonate)
        {
            return null;
        }

        // Naming oneself is not impersonation; a client may send its own id on every request.
        return value.Count == 1 && Guid.TryParse(value[0], out var id) && id == caller.UserId
            ? null
            : $"user '{caller.Name}' may not act as another user: {Header} needs the impersonate privilege ('pluginreg user add <name> --impersonate')";
    }

    /// <summary>The context's <c>UserId</c> and <c>InitiatingUserId</c> for a request the authorization layer let through.</summary>
    public static (Guid UserId, Guid InitiatingUserId) Users(HttpContext http)
    {
        // Fail closed: a message endpoint reached without a caller means the security middleware is missing.
        var caller = Caller.Of(http.User)
            ?? throw new InvalidOperationException("no caller was authenticated for this request: the security middleware is not in the pipeline");
        var value = http.Request.Headers[Header].ToString();
        if (value.Length == 0)
        {
            return (caller.UserId, caller.UserId);
        }

        return Guid.TryParse(value, out var userId)
            ? (userId, caller.UserId)
            : throw PipelineException.BadRequest($"header {Header} must be a GUID, not '{value}'");
    }
}
