namespace PluginHost.Host.Http.Security;

/// <summary>Which callers of the HTTP API need a key.</summary>
public enum AuthMode
{
    /// <summary>Loopback callers without a key act as the system user; every other caller needs a key.</summary>
    Loopback = 0,

    /// <summary>Every caller of <c>/api</c> needs a key: a user's, or for <c>/api/admin</c> the admin key.</summary>
    Required = 1,
}

/// <summary>The <c>PluginHost:Auth</c> section.</summary>
public sealed class AuthOptions
{
    /// <summary>Loopback (the default) or Required.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Loopback;
}
