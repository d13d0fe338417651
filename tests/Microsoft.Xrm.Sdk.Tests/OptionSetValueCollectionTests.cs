namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class OptionSetValueCollectionTests
{
    [Test]
    public void Constructor_List_CopiesTheOptions()
    {
        var list = new List<OptionSetValue> { new(1), new(2) };

        var options = new OptionSetValueCollection(list);
        list.Add(new OptionSetValue(3));

        Assert.That(options, Is.EqualTo(new[] { new OptionSetValue(1), new OptionSetValue(2) }));
    }

    [Test]
    public void AddRange_Options_AppendsInOrder()
    {
        var options = new OptionSetValueCollection { new(5) };

        options.AddRange(new OptionSetValue(1), new OptionSetValue(3));

        Assert.That(options.ToArray().Select(option => option.Value), Is.EqualTo(new[] { 5, 1, 3 }));
    }

    [Test]
    public void Add_Null_Throws()
    {
        Assert.That(() => new OptionSetValueCollection().Add(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void GetAttributeValue_MultiSelectAttribute_ReadsTheCollection()
    {
        var entity = new Entity("account") { ["new_categories"] = new OptionSetValueCollection { new(2) } };

        Assert.That(entity.GetAttributeValue<OptionSetValueCollection>("new_categories"), Has.Count.EqualTo(1));
    }
}
