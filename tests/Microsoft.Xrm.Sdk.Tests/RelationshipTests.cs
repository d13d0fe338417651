namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class RelationshipTests
{
    [Test]
    public void Equals_SameSchemaNameAndRole_Equal()
    {
        var one = new Relationship("account_contacts");
        var other = new Relationship { SchemaName = "account_contacts" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(one, Is.EqualTo(other));
            Assert.That(one.GetHashCode(), Is.EqualTo(other.GetHashCode()));
            Assert.That(new Relationship("a") { PrimaryEntityRole = EntityRole.Referenced }, Is.Not.EqualTo(new Relationship("a")));
            Assert.That(new Relationship("a"), Is.Not.EqualTo(new Relationship("A")));
        }
    }

    [Test]
    public void Constructor_Parameterless_SchemaNameSetLater()
    {
        var relationship = new Relationship { SchemaName = "contact_friends" };

        Assert.That(relationship.ToString(), Is.EqualTo("contact_friends"));
    }

    [Test]
    public void EntityReferenceCollection_ListAndAddRange_KeepOrder()
    {
        var first = new EntityReference("contact", Guid.NewGuid());
        var second = new EntityReference("contact", Guid.NewGuid());
        var third = new EntityReference("lead", Guid.NewGuid());
        var collection = new EntityReferenceCollection([first]);
        collection.AddRange(second, third);

        Assert.That(collection, Is.EqualTo(new[] { first, second, third }));
    }

    [Test]
    public void OrganizationServiceFault_New_EmptyDetailsReady()
    {
        var fault = new OrganizationServiceFault { ErrorCode = -2147220969, Message = "gone" };
        fault.ErrorDetails["where"] = "here";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fault.ErrorDetails["where"], Is.EqualTo("here"));
            Assert.That(fault.InnerFault, Is.Null);
            Assert.That(new System.ServiceModel.FaultException<OrganizationServiceFault>(fault).Detail.Message, Is.EqualTo("gone"));
        }
    }
}
