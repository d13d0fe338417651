using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Wire;

[TestFixture]
internal sealed class ContextCodecTests
{
    [Test]
    public void RoundTrip_LaterContextMembers_ArriveInTheWorker()
    {
        var stepId = Guid.NewGuid();
        var context = new RemoteExecutionContext
        {
            MessageName = "Create",
            PrimaryEntityName = "account",
            Depth = 1,
            Stage = 20,
            BusinessUnitId = Guid.NewGuid(),
            OrganizationId = Guid.NewGuid(),
            OrganizationName = "Contoso Ltd",
            SecondaryEntityName = "none",
            OwningExtension = new EntityReference("sdkmessageprocessingstep", stepId) { Name = "Prepare account" },
            RequestId = Guid.NewGuid(),
            IsExecutingOffline = true,
            IsOfflinePlayback = true,
            UserAzureActiveDirectoryObjectId = Guid.NewGuid(),
            InitiatingUserAzureActiveDirectoryObjectId = Guid.NewGuid(),
            InitiatingUserApplicationId = Guid.NewGuid(),
            PortalsContactId = Guid.NewGuid(),
            IsPortalsClientCall = true,
            AuthenticatedUserId = Guid.NewGuid(),
            InitiatingUserAgent = "curl/8.0",
            EnvironmentId = "env",
            TenantId = "tenant",
            IsApplicationUser = true,
        };

        var copy = RoundTrip(context);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.BusinessUnitId, Is.EqualTo(context.BusinessUnitId));
            Assert.That(copy.OrganizationId, Is.EqualTo(context.OrganizationId));
            Assert.That(copy.OrganizationName, Is.EqualTo("Contoso Ltd"));
            Assert.That(copy.SecondaryEntityName, Is.EqualTo("none"));
            Assert.That(copy.OwningExtension, Is.EqualTo(context.OwningExtension));
            Assert.That(copy.OwningExtension.Name, Is.EqualTo("Prepare account"));
            Assert.That(copy.RequestId, Is.EqualTo(context.RequestId));
            Assert.That(copy.IsExecutingOffline, Is.True);
            Assert.That(copy.IsOfflinePlayback, Is.True);
            Assert.That(copy.UserAzureActiveDirectoryObjectId, Is.EqualTo(context.UserAzureActiveDirectoryObjectId));
            Assert.That(copy.InitiatingUserAzureActiveDirectoryObjectId, Is.EqualTo(context.InitiatingUserAzureActiveDirectoryObjectId));
            Assert.That(copy.InitiatingUserApplicationId, Is.EqualTo(context.InitiatingUserApplicationId));
            Assert.That(copy.PortalsContactId, Is.EqualTo(context.PortalsContactId));
            Assert.That(copy.IsPortalsClientCall, Is.True);
            Assert.That(copy.AuthenticatedUserId, Is.EqualTo(context.AuthenticatedUserId));
            Assert.That(copy.InitiatingUserAgent, Is.EqualTo("curl/8.0"));
            Assert.That(copy.EnvironmentId, Is.EqualTo("env"));
            Assert.That(copy.TenantId, Is.EqualTo("tenant"));
            Assert.That(copy.IsApplicationUser, Is.True);
        }
    }

    [Test]
    public void RoundTrip_NoRequestId_StaysNull()
    {
        Assert.That(RoundTrip(new RemoteExecutionContext { MessageName = "Create" }).RequestId, Is.Null);
    }

    [Test]
    public void PreEntityImagesCollection_SingleRecordContext_HoldsItsImages()
    {
        var images = new EntityImageCollection { ["before"] = new Entity("account") };
        var copy = RoundTrip(new RemoteExecutionContext { MessageName = "Update", PreEntityImages = images });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.PreEntityImagesCollection, Has.Length.EqualTo(1));
            Assert.That(copy.PreEntityImagesCollection[0].Keys, Is.EqualTo(new[] { "before" }));
            Assert.That(copy.PostEntityImagesCollection[0], Is.Empty);
        }
    }

    private static RemoteExecutionContext RoundTrip(IPluginExecutionContext context)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ContextCodec.Write(writer, context);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var copy = ContextCodec.Read(reader);
        Assert.That(stream.Position, Is.EqualTo(stream.Length), "the reader stopped before the end of the context");
        return copy;
    }
}
