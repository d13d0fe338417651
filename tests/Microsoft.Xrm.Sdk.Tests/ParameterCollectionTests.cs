namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class ParameterCollectionTests
{
    [Test]
    public void Indexer_SetThenGet_ReturnsValue()
    {
        var parameters = new ParameterCollection { ["Target"] = new Entity("account"), ["count"] = 3 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters["Target"], Is.InstanceOf<Entity>());
            Assert.That(parameters["count"], Is.EqualTo(3));
            Assert.That(parameters, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void Indexer_GetAbsent_ThrowsNamingTheParameter()
    {
        var parameters = new ParameterCollection();

        Assert.That(() => parameters["Target"], Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("parameter named 'Target'"));
    }

    [Test]
    public void Add_NewKey_AddsAndAllowsNull()
    {
        var parameters = new ParameterCollection { { "a", 1 }, { "b", null } };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Contains("b"), Is.True);
            Assert.That(parameters["b"], Is.Null);
        }
    }

    [Test]
    public void Add_ExistingKey_ThrowsNamingKey()
    {
        var parameters = new ParameterCollection { ["Target"] = 1 };

        Assert.That(() => parameters.Add("Target", 2), Throws.ArgumentException.With.Message.Contains("'Target'"));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Add_NullOrEmptyKey_Throws(string? key)
    {
        var parameters = new ParameterCollection();

        Assert.That(() => parameters.Add(key!, 1), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void ContainsAndContainsKey_CaseSensitive()
    {
        var parameters = new ParameterCollection { ["Target"] = 1 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Contains("Target"), Is.True);
            Assert.That(parameters.ContainsKey("Target"), Is.True);
            Assert.That(parameters.Contains("target"), Is.False);
        }
    }

    [Test]
    public void TryGetValue_PresentAndAbsent_ReportsEach()
    {
        var parameters = new ParameterCollection { ["id"] = 42 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.TryGetValue("id", out var found), Is.True);
            Assert.That(found, Is.EqualTo(42));
            Assert.That(parameters.TryGetValue("other", out var missing), Is.False);
            Assert.That(missing, Is.Null);
        }
    }

    [Test]
    public void Remove_PresentAndAbsent_ReportsEach()
    {
        var parameters = new ParameterCollection { ["a"] = 1, ["b"] = 2 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Remove("a"), Is.True);
            Assert.That(parameters.Remove("a"), Is.False);
            Assert.That(parameters, Has.Count.EqualTo(1));
            Assert.That(parameters.Contains("a"), Is.False);
        }
    }

    [Test]
    public void Clear_RemovesEverything()
    {
        var parameters = new ParameterCollection { ["a"] = 1, ["b"] = 2 };

        parameters.Clear();

        Assert.That(parameters, Is.Empty);
    }

    [Test]
    public void Enumeration_YieldsPairsInTheOrderAdded()
    {
        var parameters = new ParameterCollection { ["z"] = 1, ["a"] = 2 };
        parameters["z"] = 3;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Select(pair => pair.Key), Is.EqualTo(new[] { "z", "a" }));
            Assert.That(parameters.Select(pair => pair.Value), Is.EqualTo(new object[] { 3, 2 }));
            Assert.That(parameters.Keys, Is.EqualTo(new[] { "z", "a" }));
            Assert.That(parameters.Values, Is.EqualTo(new object[] { 3, 2 }));
        }
    }

    [Test]
    public void AsDictionary_WorksThroughTheInterfaces()
    {
        IDictionary<string, object?> dictionary = new ParameterCollection();
        dictionary.Add(new KeyValuePair<string, object?>("a", 1));
        IReadOnlyDictionary<string, object?> readOnly = (ParameterCollection)dictionary;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dictionary.IsReadOnly, Is.False);
            Assert.That(dictionary.Contains(new KeyValuePair<string, object?>("a", 1)), Is.True);
            Assert.That(readOnly.Keys, Is.EqualTo(new[] { "a" }));
            Assert.That(new Dictionary<string, object?>(dictionary), Has.Count.EqualTo(1));
        }
    }
}
