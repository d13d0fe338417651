using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Wire;

[TestFixture]
internal sealed class ServiceEndpointCallTests
{
    [Test]
    public void CreateRead_ThroughTheServiceCallFrame_EndpointAndWholeContextArrive()
    {
        var parent = new RemoteExecutionContext { MessageName = "Update", Depth = 1, Stage = 40 };
        var target = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };
        var context = new RemoteExecutionContext
        {
            MessageName = "Create",
            PrimaryEntityName = "account",
            PrimaryEntityId = target.Id,
            Depth = 2,
            Stage = 20,
            CorrelationId = Guid.NewGuid(),
            InputParameters = new ParameterCollection { ["Target"] = target },
            SharedVariables = new ParameterCollection { ["flag"] = true },
            PostEntityImages = new EntityImageCollection { ["after"] = new Entity("account", target.Id) { ["name"] = "after" } },
            ParentContext = parent,
        };
        var endpoint = new EntityReference("serviceendpoint", Guid.NewGuid()) { Name = "audit_hook" };

        var (readEndpoint, readContext) = ServiceEndpointCall.Read(RoundTrip(ServiceEndpointCall.Create(endpoint, context)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readEndpoint.Id, Is.EqualTo(endpoint.Id));
            Assert.That(readEndpoint.Name, Is.EqualTo("audit_hook"));
            Assert.That(readContext.MessageName, Is.EqualTo("Create"));
            Assert.That(readContext.Stage, Is.EqualTo(20));
            Assert.That(readContext.CorrelationId, Is.EqualTo(context.CorrelationId));
            Assert.That(((Entity)readContext.InputParameters["Target"]!)["name"], Is.EqualTo("Contoso"));
            Assert.That(readContext.SharedVariables["flag"], Is.True);
            Assert.That(readContext.PostEntityImages["after"]["name"], Is.EqualTo("after"));
            Assert.That(readContext.ParentContext?.MessageName, Is.EqualTo("Update"));
        }
    }

    [Test]
    public void Read_CallWithoutAContext_InvalidData()
    {
        var call = new ServiceCall(null, ServiceEndpointCall.Operation, new ParameterCollection { ["ServiceEndpoint"] = new EntityReference("serviceendpoint", Guid.NewGuid()) });

        Assert.That(() => ServiceEndpointCall.Read(call), Throws.TypeOf<InvalidDataException>().With.Message.Contains(ServiceEndpointCall.Operation));
    }

    [Test]
    public void Failure_Message_IsThePluginFacingException() =>
        Assert.That(ServiceEndpointCall.Failure("the hook is down"), Is.TypeOf<InvalidPluginExecutionException>().With.Message.EqualTo("the hook is down"));

    private static ServiceCall RoundTrip(ServiceCall call)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            call.Write(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        return ServiceCall.Read(reader);
    }
}
