namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class EntityImageCollectionTests
{
    [Test]
    public void TryGetValue_RegisteredAlias_ReturnsTheImage()
    {
        var before = new Entity("account") { ["name"] = "Contoso" };
        var images = new EntityImageCollection { ["before"] = before };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(images.TryGetValue("before", out var found), Is.True);
            Assert.That(found, Is.SameAs(before));
            Assert.That(images.TryGetValue("after", out _), Is.False);
            Assert.That(images, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void Indexer_GetAbsent_ThrowsNamingTheImage()
    {
        var images = new EntityImageCollection();

        Assert.That(() => images["after"], Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("image named 'after'"));
    }

    [Test]
    public void Indexer_SetNull_ThrowsArgumentNull()
    {
        var images = new EntityImageCollection();

        Assert.That(() => images["before"] = null!, Throws.ArgumentNullException.With.Message.Contains("'before'"));
    }

    [Test]
    public void Add_NullImage_ThrowsArgumentNull()
    {
        var images = new EntityImageCollection();

        Assert.That(() => images.Add("before", null!), Throws.ArgumentNullException);
    }

    [Test]
    public void Enumeration_YieldsAliasesAndImages()
    {
        var images = new EntityImageCollection { ["before"] = new Entity("account"), ["after"] = new Entity("account") };

        Assert.That(images.Select(pair => pair.Key), Is.EqualTo(new[] { "before", "after" }));
    }
}
