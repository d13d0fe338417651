namespace Microsoft.Xrm.Sdk.Extensions;

/// <summary>Shorthands for reading the services a plug-in's <see cref="IServiceProvider"/> offers.</summary>
public static class ServiceProviderExtensions
{
    /// <summary>Returns the service of type <typeparamref name="T"/>, or null when the provider has none.</summary>
    /// <typeparam name="T">The service type, such as <see cref="IPluginExecutionContext"/> or <see cref="ITracingService"/>.</typeparam>
    /// <param name="serviceProvider">The provider the plug-in's Execute received.</param>
    /// <returns>The service, or null.</returns>
    public static T Get<T>(this IServiceProvider serviceProvider) =>
        (T)Guard.NotNull(serviceProvider, nameof(serviceProvider)).GetService(typeof(T))!;

    /// <summary>Returns an organization service acting as the given user: null for the system user, <see cref="Guid.Empty"/> for the context's user.</summary>
    /// <param name="serviceProvider">The provider the plug-in's Execute received.</param>
    /// <param name="userId">The user to act as.</param>
    /// <returns>The organization service.</returns>
    /// <exception cref="InvalidOperationException">The provider offers no <see cref="IOrganizationServiceFactory"/>.</exception>
    public static IOrganizationService GetOrganizationService(this IServiceProvider serviceProvider, Guid? userId)
    {
        var factory = serviceProvider.Get<IOrganizationServiceFactory>()
            ?? throw new InvalidOperationException("The service provider offers no IOrganizationServiceFactory, so no organization service can be created.");
        return factory.CreateOrganizationService(userId);
    }
}
