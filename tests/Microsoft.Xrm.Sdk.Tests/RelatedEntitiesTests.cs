namespace Microsoft.Xrm.Sdk.Tests;

/// <summary>Navigation properties of early-bound classes, as the code generators write them.</summary>
[TestFixture]
internal sealed class RelatedEntitiesTests
{
    [Test]
    public void SetRelatedEntity_ThenGet_ReturnsTheRecordUnderItsRelationship()
    {
        var account = new Company { PrimaryContact = new Person { ["lastname"] = "Ng" } };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.PrimaryContact!["lastname"], Is.EqualTo("Ng"));
            Assert.That(account.RelatedEntities.Keys, Is.EqualTo(new[] { new Relationship("company_primary_person") }));
        }
    }

    [Test]
    public void GetRelatedEntities_SelfRelationshipRoles_KeptApart()
    {
        var parent = new Company();
        parent.Children = [new Company { ["name"] = "child" }];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parent.Children!.Single()["name"], Is.EqualTo("child"));
            Assert.That(parent.Parent, Is.Null, "the other role of the same relationship is a different key");
        }
    }

    [Test]
    public void SetRelatedEntity_Null_RemovesTheRelationship()
    {
        var account = new Company { PrimaryContact = new Person() };

        account.PrimaryContact = null;

        Assert.That(account.RelatedEntities, Is.Empty);
    }

    [Test]
    public void GetRelatedEntity_PlainEntityStored_ConvertedToTheEarlyBoundClass()
    {
        var account = new Company();
        account.RelatedEntities[new Relationship("company_primary_person")] = new EntityCollection([new Entity("person") { ["lastname"] = "Ng" }]);

        Assert.That(account.PrimaryContact, Is.InstanceOf<Person>().And.Property("LogicalName").EqualTo("person"));
    }

    [Test]
    public void ToEntity_RelatedEntities_Shared()
    {
        var plain = new Entity("company");

        var typed = plain.ToEntity<Company>();
        typed.PrimaryContact = new Person();

        Assert.That(plain.RelatedEntities, Has.Count.EqualTo(1));
    }

    [Client.EntityLogicalName("company")]
    private sealed class Company : Entity
    {
        public Company()
            : base("company")
        {
        }

        [RelationshipSchemaName("company_primary_person")]
        public Person? PrimaryContact
        {
            get => GetRelatedEntity<Person>("company_primary_person", null);
            set => SetRelatedEntity("company_primary_person", null, value);
        }

        [RelationshipSchemaName("company_parent", EntityRole.Referenced)]
        public IEnumerable<Company>? Children
        {
            get => GetRelatedEntities<Company>("company_parent", EntityRole.Referenced);
            set => SetRelatedEntities("company_parent", EntityRole.Referenced, value);
        }

        [RelationshipSchemaName("company_parent", EntityRole.Referencing)]
        public Company? Parent
        {
            get => GetRelatedEntity<Company>("company_parent", EntityRole.Referencing);
            set => SetRelatedEntity("company_parent", EntityRole.Referencing, value);
        }
    }

    [Client.EntityLogicalName("person")]
    private sealed class Person : Entity
    {
        public Person()
            : base("person")
        {
        }
    }
}
