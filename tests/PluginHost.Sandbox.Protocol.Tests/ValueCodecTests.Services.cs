using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>Round trips of the organization-service types: relationships, typed requests and responses, batches, faults.</summary>
internal sealed partial class ValueCodecTests
{
    [Test]
    public void RoundTrip_Relationship_KeepsSchemaNameAndRole()
    {
        var plain = (Relationship)RoundTrip(new Relationship("account_contacts"))!;
        var self = (Relationship)RoundTrip(new Relationship("contact_friends") { PrimaryEntityRole = EntityRole.Referenced })!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.SchemaName, Is.EqualTo("account_contacts"));
            Assert.That(plain.PrimaryEntityRole, Is.Null);
            Assert.That(self, Is.EqualTo(new Relationship("contact_friends") { PrimaryEntityRole = EntityRole.Referenced }));
        }
    }

    [Test]
    public void RoundTrip_EntityReferenceCollection_KeepsOrder()
    {
        var copy = (EntityReferenceCollection)RoundTrip(new EntityReferenceCollection { new("contact", RecordId), new("lead", Guid.Empty) })!;

        Assert.That(copy, Is.EqualTo(new[] { new EntityReference("contact", RecordId), new EntityReference("lead", Guid.Empty) }));
    }

    [Test]
    public void RoundTrip_TypedRequest_ReadBackAsItsTypedClass()
    {
        var request = new AssociateRequest
        {
            Target = new EntityReference("account", RecordId),
            Relationship = new Relationship("account_contacts"),
            RelatedEntities = new EntityReferenceCollection { new("contact", RecordId) },
        };

        var copy = RoundTrip(request);

        Assert.That(copy, Is.TypeOf<AssociateRequest>());
        var typed = (AssociateRequest)copy!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(typed.RequestName, Is.EqualTo("Associate"));
            Assert.That(typed.Target, Is.EqualTo(request.Target));
            Assert.That(typed.Relationship, Is.EqualTo(request.Relationship));
            Assert.That(typed.RelatedEntities, Is.EqualTo(request.RelatedEntities));
        }
    }

    [Test]
    public void RoundTrip_ProxyResponse_ReadBackAsItsTypedClass()
    {
        var response = SdkMessages.NewResponse("WhoAmI", new ParameterCollection { ["UserId"] = RecordId, ["BusinessUnitId"] = Guid.Empty, ["OrganizationId"] = Guid.Empty });

        var copy = RoundTrip(response);

        Assert.That(copy, Is.TypeOf<WhoAmIResponse>());
        Assert.That(((WhoAmIResponse)copy!).UserId, Is.EqualTo(RecordId));
    }

    [Test]
    public void RoundTrip_CustomRequest_StaysAPlainRequest()
    {
        var copy = RoundTrip(new OrganizationRequest("acme_Approve") { ["Amount"] = 5m });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy, Is.TypeOf<OrganizationRequest>());
            Assert.That(((OrganizationRequest)copy!)["Amount"], Is.EqualTo(5m));
        }
    }

    [Test]
    public void RoundTrip_ExecuteMultipleRequest_KeepsRequestsAndSettings()
    {
        var request = new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = false },
            Requests = new OrganizationRequestCollection
            {
                new CreateRequest { Target = new Entity("account") { ["name"] = "a" } },
                new RetrieveMultipleRequest { Query = new QueryByAttribute("account") { Attributes = { "name" }, Values = { "a" } } },
                new WhoAmIRequest(),
            },
        };

        var copy = (ExecuteMultipleRequest)RoundTrip(request)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Settings!.ContinueOnError, Is.True);
            Assert.That(copy.Settings.ReturnResponses, Is.False);
            Assert.That(copy.Requests!.Select(item => item.GetType()), Is.EqualTo(new[] { typeof(CreateRequest), typeof(RetrieveMultipleRequest), typeof(WhoAmIRequest) }));
            Assert.That(((CreateRequest)copy.Requests![0]).Target!["name"], Is.EqualTo("a"));
        }
    }

    [Test]
    public void RoundTrip_ExecuteMultipleResponseItems_KeepResponsesAndFaults()
    {
        var items = new ExecuteMultipleResponseItemCollection
        {
            new() { RequestIndex = 0, Response = SdkMessages.NewResponse("Create", new ParameterCollection { ["id"] = RecordId }) },
            new() { RequestIndex = 1, Fault = ServiceFaults.Describe("NotFound", "account with id … does not exist") },
        };

        var copy = (ExecuteMultipleResponseItemCollection)RoundTrip(items)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Select(item => item.RequestIndex), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(((CreateResponse)copy[0].Response!).id, Is.EqualTo(RecordId));
            Assert.That(copy[0].Fault, Is.Null);
            Assert.That(copy[1].Response, Is.Null);
            Assert.That(copy[1].Fault!.ErrorCode, Is.EqualTo(ServiceFaults.ObjectDoesNotExist));
        }
    }

    [Test]
    public void RoundTrip_OrganizationServiceFault_KeepsEveryFieldAndInnerFault()
    {
        var fault = ServiceFaults.Describe("BadRequest", "a duplicate", ServiceFaults.DuplicateRecord);
        fault.TraceText = "trace";
        fault.HelpLink = "https://example.org/help";
        fault.InnerFault = ServiceFaults.Describe("PluginFailed", "refused");

        var copy = (OrganizationServiceFault)RoundTrip(fault)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.ErrorCode, Is.EqualTo(ServiceFaults.DuplicateRecord));
            Assert.That(copy.Message, Is.EqualTo("a duplicate"));
            Assert.That(copy.Timestamp, Is.EqualTo(fault.Timestamp));
            Assert.That(copy.TraceText, Is.EqualTo("trace"));
            Assert.That(copy.HelpLink, Is.EqualTo("https://example.org/help"));
            Assert.That(ServiceFaults.CodeOf(copy), Is.EqualTo("BadRequest"));
            Assert.That(copy.InnerFault!.ErrorCode, Is.EqualTo(ServiceFaults.PluginFailed));
        }
    }

    [Test]
    public void Read_RelationshipWithUnknownRole_ThrowsInvalidData()
    {
        var bytes = Encode(new Relationship("r"));
        bytes[^1] = 9;
        using var reader = new BinaryReader(new MemoryStream(bytes));

        Assert.That(() => ValueCodec.Read(reader), Throws.TypeOf<InvalidDataException>().With.Message.Contains("role"));
    }

    [Test]
    public void Read_RequestCollectionHoldingAnEntity_ThrowsInvalidData()
    {
        var entity = Encode(new Entity("account"));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)ValueTag.OrganizationRequestCollection);
            writer.Write7BitEncodedInt(1);
            writer.Write(entity);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        Assert.That(() => ValueCodec.Read(reader), Throws.TypeOf<InvalidDataException>().With.Message.Contains("OrganizationRequestCollection"));
    }
}
