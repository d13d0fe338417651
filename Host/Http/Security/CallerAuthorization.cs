using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace PluginHost.Host.Http.Security;

/// <summary>What a request needs of its caller.</summary>
internal enum CallerAccess
{
    /// <summary>The entity and message endpoints: a user, or the local system user.</summary>
    Api,

    /// <summary>The admin endpoints: the admin key, or the local system user.</summary>
    Admin,
}

/// <summary>An authorization requirement on the caller found by <see cref="ApiKeyAuthenticationHandler"/>.</summary>
internal sealed record CallerRequirement(CallerAccess Access) : IAuthorizationRequirement;

/// <summary>The two policies: admin endpoints name <see cref="Admin"/>; every other endpoint falls back to the API one.</summary>
internal static class CallerPolicies
{
    public const string Admin = "PluginHost.Admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, new AuthorizationPolicyBuilder().AddRequirements(new CallerRequirement(CallerAccess.Admin)).Build());

        // The fallback covers every endpoint without a policy of its own, so a new /api endpoint is protected by default.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new CallerRequirement(CallerAccess.Api)).Build();
    }
}

/// <summary>Decides <see cref="CallerRequirement"/>; a refusal carries the reason the caller reads in the 403.</summary>
internal sealed class CallerAuthorizationHandler : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        var http = context.Resource as HttpContext;

        // /health (and anything else outside /api) stays open: monitors and load balancers probe it without a key.
        if (requirement.Access == CallerAccess.Api && http is not null && !http.Request.Path.StartsWithSegments("/api"))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        // No caller: left undecided, so the middleware challenges (401) rather than forbids.
        if (Caller.Of(context.User) is not { } caller)
        {
            return Task.CompletedTask;
        }

        var refusal = requirement.Access switch
        {
            CallerAccess.Admin when caller.Kind == CallerKind.User =>
                $"user '{caller.Name}' may not use the admin endpoints: a user key does not open them; send 'Authorization: Bearer <{AdminKey.Variable}>'",
            CallerAccess.Api when caller.Kind == CallerKind.AdminKey =>
                "the admin key opens the admin endpoints only: call the entity and message endpoints with a user's key ('pluginreg user add')",
            CallerAccess.Api when http is not null => Impersonation.Refusal(caller, http.Request),
            _ => null,
        };
        if (refusal is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, refusal));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Answers a refused authorization with the error JSON: 403 <c>Forbidden</c> with the reason; a challenge goes to the scheme (401).</summary>
internal sealed class CallerAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "this caller may not make this request";
        return SecurityErrors.WriteAsync(context, StatusCodes.Status403Forbidden, SecurityErrors.Forbidden, reason);
    }
}
