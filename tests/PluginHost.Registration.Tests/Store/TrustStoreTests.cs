using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
internal sealed class TrustStoreTests(DatabaseBackend backend) : StoreTestBase(backend)
{
    private static readonly string Sha = new('a', 64);
    private static readonly string OtherSha = new('b', 64);

    [Test]
    public void AddTrusted_ShortVersionAndUppercaseSha_KeptInTheFormAssembliesHave()
    {
        var trusted = Store.AddTrusted(" Newtonsoft.Json ", "13.0", Sha.ToUpperInvariant(), "JSON");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(trusted.Name, Is.EqualTo("Newtonsoft.Json"));
            Assert.That(trusted.Version, Is.EqualTo("13.0.0.0"));
            Assert.That(trusted.Sha256, Is.EqualTo(Sha));
            Assert.That(trusted.Description, Is.EqualTo("JSON"));
            Assert.That(Store.ListTrusted(), Is.EqualTo(new[] { trusted }));
        }
    }

    [Test]
    public void AddTrusted_BadNameVersionAndSha_EveryProblemReportedTogether()
    {
        var refusal = Assert.Throws<RegistrationException>(() => Store.AddTrusted(" ", "thirteen", "xyz", null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Problems, Has.Count.EqualTo(3));
            Assert.That(refusal.Message, Does.Contain("'thirteen' is not an assembly version").And.Contain("'xyz' is not a SHA-256"));
            Assert.That(Store.ListTrusted(), Is.Empty);
        }
    }

    [Test]
    public void AddTrusted_ShaAlreadyTrusted_RefusedNamingTheEntry()
    {
        Store.AddTrusted("Newtonsoft.Json", "13.0.0.0", Sha, null);

        var refusal = Assert.Throws<RegistrationException>(() => Store.AddTrusted("Other", "1.0", Sha, null));

        Assert.That(refusal!.Message, Does.Contain("already trusted (as Newtonsoft.Json 13.0.0.0)"));
    }

    [Test]
    public void RemoveTrusted_ByNameWhenUniqueOrBySha_RemovesThatEntry()
    {
        Store.AddTrusted("Newtonsoft.Json", "13.0.0.0", Sha, null);
        Store.AddTrusted("Acme.Reflective", "1.0.0.0", OtherSha, null);

        var byName = Store.RemoveTrusted("newtonsoft.json");
        var bySha = Store.RemoveTrusted(OtherSha.ToUpperInvariant());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byName.Sha256, Is.EqualTo(Sha));
            Assert.That(bySha.Name, Is.EqualTo("Acme.Reflective"));
            Assert.That(Store.ListTrusted(), Is.Empty);
        }
    }

    [Test]
    public void RemoveTrusted_NameOfTwoEntries_RefusedListingTheirShas()
    {
        Store.AddTrusted("Newtonsoft.Json", "12.0.0.0", Sha, null);
        Store.AddTrusted("Newtonsoft.Json", "13.0.0.0", OtherSha, null);

        var refusal = Assert.Throws<RegistrationException>(() => Store.RemoveTrusted("Newtonsoft.Json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain(Sha).And.Contain(OtherSha).And.Contain("give the SHA-256"));
            Assert.That(Store.ListTrusted(), Has.Count.EqualTo(2));
        }
    }
}
