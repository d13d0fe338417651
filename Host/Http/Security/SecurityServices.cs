using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace PluginHost.Host.Http.Security;

/// <summary>The security layer of the HTTP API, registered and put in the pipeline in one place (README, Security model).</summary>
internal static class SecurityServices
{
    /// <summary>Registers authentication by API key, the caller policies and the users cache.</summary>
    public static IServiceCollection AddPluginHostSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<PluginHostOptions>(options => SecuritySettings.ReadLists(options, configuration.GetSection(PluginHostOptions.Section)));
        services.AddSingleton(new AdminKey(configuration[AdminKey.Variable]));
        services.AddSingleton<UserDirectory>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(CallerPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, CallerAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, CallerAuthorizationResults>();
        return services;
    }

    /// <summary>
    /// Adds, in order: forwarded headers from known proxies (the real client first), the Host filter, the cross-site
    /// guard, authentication, authorization, and the JSON-only rule for bodies. Call after the error middleware, so its
    /// refusals carry the request's correlation id.
    /// </summary>
    public static WebApplication UsePluginHostSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PluginHostOptions>>().Value;
        var proxies = SecuritySettings.ProxyAddresses(options);
        if (proxies.Count > 0)
        {
            app.UseForwardedHeaders(Proxies.Options(proxies));
        }
        else
        {
            app.UseMiddleware<UntrustedProxyWarning>();
        }

        app.UseMiddleware<HostFilter>();
        app.UseMiddleware<CrossSiteGuard>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<JsonBodies>();

        app.Logger.LogInformation("Auth mode {AuthMode}; admin key {AdminKeyState}; trusted proxies: {KnownProxies}",
            options.Auth.Mode, app.Services.GetRequiredService<AdminKey>().IsSet ? "set" : "not set", proxies.Count == 0 ? "none" : string.Join(", ", proxies));
        if (options.Auth.Mode == AuthMode.Required && !app.Services.GetRequiredService<AdminKey>().IsSet)
        {
            app.Logger.LogWarning("Auth:Mode is Required and {AdminKeyVariable} is not set: the admin endpoints refuse every caller", AdminKey.Variable);
        }

        return app;
    }
}
