namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class OrganizationResponseTests
{
    [Test]
    public void Indexer_ReadsAndWritesResults()
    {
        var response = new OrganizationResponse { ResponseName = "Create", ["id"] = Guid.Empty };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.ResponseName, Is.EqualTo("Create"));
            Assert.That(response.Results["id"], Is.EqualTo(Guid.Empty));
            Assert.That(response["id"], Is.EqualTo(Guid.Empty));
        }
    }

    [Test]
    public void Constructor_Defaults_EmptyNameAndResults()
    {
        var response = new OrganizationResponse();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.ResponseName, Is.Empty);
            Assert.That(response.Results, Is.Empty);
        }
    }

    [Test]
    public void ResponseName_SetNull_Throws()
    {
        var response = new OrganizationResponse();

        Assert.That(() => response.ResponseName = null!, Throws.ArgumentNullException);
    }
}
