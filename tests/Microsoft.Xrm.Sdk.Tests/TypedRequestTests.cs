using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class TypedRequestTests
{
    [Test]
    public void Properties_TypedRequest_LiveInParameters()
    {
        var target = new EntityReference("account", Guid.NewGuid());
        var request = new RetrieveRequest { Target = target, ColumnSet = new ColumnSet("name") };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.RequestName, Is.EqualTo("Retrieve"));
            Assert.That(request.Parameters["Target"], Is.SameAs(target));
            Assert.That(request["ColumnSet"], Is.SameAs(request.ColumnSet));
        }
    }

    [Test]
    public void Properties_ParameterSetThroughIndexer_ReadByTypedProperty()
    {
        var request = new AssignRequest();
        var assignee = new EntityReference("systemuser", Guid.NewGuid());
        request["Assignee"] = assignee;

        Assert.That(request.Assignee, Is.SameAs(assignee));
    }

    [Test]
    public void Properties_Absent_DefaultInsteadOfThrowing()
    {
        var request = new SetStateRequest();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.EntityMoniker, Is.Null);
            Assert.That(new WhoAmIResponse().UserId, Is.EqualTo(Guid.Empty));
            Assert.That(new UpsertResponse().RecordCreated, Is.False);
        }
    }

    [Test]
    public void Results_TypedResponse_ReadFromResults()
    {
        var response = new CreateResponse();
        var id = Guid.NewGuid();
        response.Results["id"] = id;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.ResponseName, Is.EqualTo("Create"));
            Assert.That(response.id, Is.EqualTo(id));
            Assert.That(response["id"], Is.EqualTo(id));
        }
    }

    [Test]
    public void Requests_ProxyMessages_CarryDataverseNames()
    {
        OrganizationRequest[] requests =
        [
            new WhoAmIRequest(), new AssignRequest(), new SetStateRequest(), new SendEmailRequest(),
            new LocalTimeFromUtcTimeRequest(), new UtcTimeFromLocalTimeRequest(),
        ];

        Assert.That(
            requests.Select(request => request.RequestName),
            Is.EqualTo(new[] { "WhoAmI", "Assign", "SetState", "SendEmail", "LocalTimeFromUtcTime", "UtcTimeFromLocalTime" }));
    }

    [Test]
    public void ExecuteMultiple_SettingsAndRequests_HeldAsGiven()
    {
        var request = new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true },
            Requests = new OrganizationRequestCollection { new CreateRequest(), new DeleteRequest() },
        };
        request.Requests.AddRange(new UpdateRequest());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Settings.ContinueOnError, Is.True);
            Assert.That(request.Requests.Select(item => item.RequestName), Is.EqualTo(new[] { "Create", "Delete", "Update" }));
        }
    }
}
