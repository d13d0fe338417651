using Microsoft.Xrm.Sdk.Extensions;

namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class ServiceProviderExtensionsTests
{
    [Test]
    public void Get_OfferedService_ReturnsIt()
    {
        var tracing = new Tracing();

        Assert.That(new Provider(tracing).Get<ITracingService>(), Is.SameAs(tracing));
    }

    [Test]
    public void Get_UnknownService_ReturnsNull()
    {
        Assert.That(new Provider(null).Get<IOrganizationServiceFactory>(), Is.Null);
    }

    [Test]
    public void GetOrganizationService_NoFactory_ThrowsSayingSo()
    {
        Assert.That(() => new Provider(null).GetOrganizationService(null), Throws.InvalidOperationException.With.Message.Contains("IOrganizationServiceFactory"));
    }

    [Test]
    public void GetOrganizationService_User_PassesTheUserToTheFactory()
    {
        var factory = new Factory();
        var user = Guid.NewGuid();

        new Provider(factory).GetOrganizationService(user);

        Assert.That(factory.Users, Is.EqualTo(new Guid?[] { user }));
    }

    private sealed class Provider(object? service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(service) ? service : null;
    }

    private sealed class Tracing : ITracingService
    {
        public void Trace(string format, params object?[] args)
        {
        }
    }

    private sealed class Factory : IOrganizationServiceFactory
    {
        public List<Guid?> Users { get; } = [];

        public IOrganizationService CreateOrganizationService(Guid? userId)
        {
            Users.Add(userId);
            return null!;
        }
    }
}
