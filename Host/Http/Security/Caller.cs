using System.Security.Claims;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http.Security;

/// <summary>How a caller was recognised.</summary>
internal enum CallerKind
{
    /// <summary>A loopback caller without a key in Loopback mode: the system user, as a local administrator.</summary>
    LocalSystem,

    /// <summary>A caller with a user's API key.</summary>
    User,

    /// <summary>A caller with <c>PLUGINHOST_ADMIN_KEY</c>: admin endpoints only.</summary>
    AdminKey,
}

/// <summary>
/// Who is calling: what the authentication handler found, read by authorization and by the message endpoints.
/// <c>UserId</c> is the system user's for <see cref="CallerKind.LocalSystem"/> and <see cref="CallerKind.AdminKey"/>.
/// </summary>
internal sealed record Caller(CallerKind Kind, Guid UserId, string Name, bool CanImpersonate)
{
    /// <summary>The keyless loopback caller. It may impersonate, as Dataverse's system user may.</summary>
    public static Caller LocalSystem { get; } = new(CallerKind.LocalSystem, OrganizationServiceFactory.SystemUserId, "system", CanImpersonate: true);

    /// <summary>The holder of the admin key.</summary>
    public static Caller Admin { get; } = new(CallerKind.AdminKey, OrganizationServiceFactory.SystemUserId, "admin", CanImpersonate: false);

    /// <summary>The caller the authentication handler attached to <paramref name="user"/>, or null when none did.</summary>
    public static Caller? Of(ClaimsPrincipal user) => user.Identities.OfType<CallerIdentity>().FirstOrDefault()?.Caller;

    /// <summary>A principal carrying this caller, for <paramref name="scheme"/>.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme) => new(new CallerIdentity(this, scheme));
}

/// <summary>A claims identity that carries its <see cref="Security.Caller"/>, so nothing has to be parsed back out of claims.</summary>
internal sealed class CallerIdentity(Caller caller, string scheme) : ClaimsIdentity(
    [new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString()), new Claim(ClaimTypes.Name, caller.Name)], scheme)
{
    public Caller Caller { get; } = caller;
}
