namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class EntityReferenceTests
{
    private static readonly Guid RecordId = Guid.Parse("0b8a2f5e-1d3c-4b7a-8e6f-9a0b1c2d3e4f");

    [TestCase(null)]
    [TestCase("")]
    public void Constructor_NullOrEmptyLogicalName_Throws(string? logicalName)
    {
        Assert.That(() => new EntityReference(logicalName!, RecordId), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void InitializerSyntax_SetsNameIdAndDisplayName()
    {
        var reference = new EntityReference { LogicalName = "account", Id = RecordId, Name = "Contoso" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reference.LogicalName, Is.EqualTo("account"));
            Assert.That(reference.Id, Is.EqualTo(RecordId));
            Assert.That(reference.Name, Is.EqualTo("Contoso"));
        }
    }

    [Test]
    public void Equals_SameNameAndId_EqualWhateverTheDisplayName()
    {
        var left = new EntityReference("account", RecordId) { Name = "Contoso" };
        var right = new EntityReference("account", RecordId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(left, Is.EqualTo(right));
            Assert.That(left.GetHashCode(), Is.EqualTo(right.GetHashCode()));
        }
    }

    [Test]
    public void Equals_OtherIdOrEntity_NotEqual()
    {
        var reference = new EntityReference("account", RecordId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reference, Is.Not.EqualTo(new EntityReference("account", Guid.NewGuid())));
            Assert.That(reference, Is.Not.EqualTo(new EntityReference("contact", RecordId)));
            Assert.That(reference.Equals(null), Is.False);
        }
    }

    [Test]
    public void ToString_ShowsNameAndId()
    {
        Assert.That(new EntityReference("account", RecordId).ToString(), Is.EqualTo($"account({RecordId})"));
    }
}
