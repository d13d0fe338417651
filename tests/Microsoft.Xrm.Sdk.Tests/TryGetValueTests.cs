using Microsoft.Xrm.Sdk.Metadata;

namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class TryGetValueTests
{
    [Test]
    public void TryGetValueOfT_ValueOfThatType_ReturnsTrueAndValue()
    {
        var target = new Entity("account");
        var parameters = new ParameterCollection { ["Target"] = target };

        var found = parameters.TryGetValue("Target", out Entity? entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.True);
            Assert.That(entity, Is.SameAs(target));
        }
    }

    [Test]
    public void TryGetValueOfT_ValueOfAnotherType_ReturnsFalseAndDefault()
    {
        var parameters = new ParameterCollection { ["Target"] = new EntityReference("account", Guid.NewGuid()) };

        var found = parameters.TryGetValue("Target", out Entity? entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.False);
            Assert.That(entity, Is.Null);
        }
    }

    [Test]
    public void TryGetValueOfT_AbsentOrNull_ReturnsFalse()
    {
        var parameters = new ParameterCollection { ["Target"] = null };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.TryGetValue("Target", out Entity? _), Is.False);
            Assert.That(parameters.TryGetValue("Other", out Entity? _), Is.False);
        }
    }

    [Test]
    public void TryGetValueOfT_OnImages_ReadsTheImage()
    {
        var image = new Entity("account");
        var images = new EntityImageCollection { ["PreImage"] = image };

        var found = images.TryGetValue<Entity>("PreImage", out var entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.True);
            Assert.That(entity, Is.SameAs(image));
        }
    }

    [Test]
    public void TryGetAttributeValue_PresentOfThatType_ReturnsTrueAndValue()
    {
        var reference = new EntityReference("contact", Guid.NewGuid());
        var entity = new Entity("account") { ["primarycontactid"] = reference, ["numberofemployees"] = 12 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.TryGetAttributeValue("primarycontactid", out EntityReference? contact), Is.True);
            Assert.That(contact, Is.SameAs(reference));
            Assert.That(entity.TryGetAttributeValue("numberofemployees", out int employees), Is.True);
            Assert.That(employees, Is.EqualTo(12));
        }
    }

    [Test]
    public void TryGetAttributeValue_NumberThatFits_ConvertsAsGetAttributeValueDoes()
    {
        var entity = new Entity("account") { ["count"] = 12 };

        var found = entity.TryGetAttributeValue("count", out decimal value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.True);
            Assert.That(value, Is.EqualTo(12m));
        }
    }

    [Test]
    public void TryGetAttributeValue_AbsentOrOfAnotherType_ReturnsFalseAndDefault()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.TryGetAttributeValue("missing", out string? missing), Is.False);
            Assert.That(missing, Is.Null);
            Assert.That(entity.TryGetAttributeValue("name", out int number), Is.False);
            Assert.That(number, Is.Zero);
        }
    }

    [Test]
    public void TryGetAttributeValue_NullValue_ReturnsTrueOnlyWhenTypeAcceptsNull()
    {
        var entity = new Entity("account") { ["revenue"] = null };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.TryGetAttributeValue("revenue", out Money? money), Is.True);
            Assert.That(money, Is.Null);
            Assert.That(entity.TryGetAttributeValue("revenue", out decimal? nullable), Is.True);
            Assert.That(nullable, Is.Null);
            Assert.That(entity.TryGetAttributeValue("revenue", out decimal _), Is.False);
        }
    }

    [Test]
    public void AttributeMetadata_ValidityFlags_KeepTheirValues()
    {
        var metadata = new AttributeMetadata
        {
            IsCustomAttribute = true,
            IsValidForCreate = true,
            IsValidForRead = true,
            IsValidForUpdate = false,
            AttributeOf = "primarycontactid",
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.IsCustomAttribute, Is.True);
            Assert.That(metadata.IsValidForCreate, Is.True);
            Assert.That(metadata.IsValidForRead, Is.True);
            Assert.That(metadata.IsValidForUpdate, Is.False);
            Assert.That(metadata.AttributeOf, Is.EqualTo("primarycontactid"));
        }
    }
}
