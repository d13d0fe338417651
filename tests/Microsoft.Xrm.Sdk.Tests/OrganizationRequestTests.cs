namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class OrganizationRequestTests
{
    [Test]
    public void Indexer_ReadsAndWritesParameters()
    {
        var request = new OrganizationRequest("new_Approve") { ["Target"] = new EntityReference("account", Guid.NewGuid()) };
        request.Parameters["Comment"] = "ok";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.RequestName, Is.EqualTo("new_Approve"));
            Assert.That(request.Parameters["Target"], Is.InstanceOf<EntityReference>());
            Assert.That(request["Comment"], Is.EqualTo("ok"));
        }
    }

    [Test]
    public void Constructor_Parameterless_RequestNameSetLater()
    {
        var request = new OrganizationRequest { RequestName = "WhoAmI" };

        Assert.That(request.RequestName, Is.EqualTo("WhoAmI"));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Constructor_NullOrEmptyName_Throws(string? name)
    {
        Assert.That(() => new OrganizationRequest(name!), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Indexer_GetAbsent_ThrowsNamingTheParameter()
    {
        Assert.That(() => new OrganizationRequest("x")["Target"], Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("'Target'"));
    }
}
