using System.Security.Cryptography;
using System.Text;
using Dapper;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
internal sealed class UserStoreTests(DatabaseBackend backend) : StoreTestBase(backend)
{
    [Test]
    public void AddUser_Key_PrefixedRandomAndOnlyItsSha256Stored()
    {
        var (user, key) = Store.AddUser("ci_bot");
        var (_, other) = Store.AddUser("other");

        using var connection = Store.Database.OpenDbConnection();
        var stored = connection.QuerySingle<byte[]>("SELECT key_sha256 FROM users WHERE id = @id", new { id = user.Id.ToString() });
        var everyText = connection.Query<string>("SELECT id || name || created_on || modified_on FROM users");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key, Does.Match("^phk_[A-Za-z0-9_-]{43}$"), "32 random bytes as base64url");
            Assert.That(other, Is.Not.EqualTo(key));
            Assert.That(stored, Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
            Assert.That(everyText, Has.None.Contains(key[4..]));
            Assert.That(user.CanImpersonate, Is.False);
            Assert.That(Store.ListUsers().Select(listed => listed.Name), Is.EqualTo(new[] { "ci_bot", "other" }));
        }
    }

    [Test]
    public void AddUser_GivenIdAndPrivilege_Kept()
    {
        var id = Guid.NewGuid();

        var (user, _) = Store.AddUser("importer", id, canImpersonate: true);

        Assert.That(Store.ListUsers().Single(), Is.EqualTo(user).And.Property(nameof(UserRecord.Id)).EqualTo(id).And.Property(nameof(UserRecord.CanImpersonate)).True);
    }

    [Test]
    public void AddUser_EveryRuleBroken_AllReportedAndNothingStored()
    {
        var (taken, _) = Store.AddUser("taken");
        var revision = Store.Database.ReadRevision();

        var badName = Assert.Throws<RegistrationException>(() => Store.AddUser("has space", Guid.Empty));
        var duplicate = Assert.Throws<RegistrationException>(() => Store.AddUser("TAKEN", taken.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(badName!.Problems, Has.Count.EqualTo(2));
            Assert.That(badName.Problems, Has.Some.Contains("'has space' is not a valid user name"));
            Assert.That(badName.Problems, Has.Some.Contains($"the id {Guid.Empty} is the system user's"));
            Assert.That(duplicate!.Problems, Has.Count.EqualTo(2));
            Assert.That(duplicate.Problems, Has.Some.Contains("a user named 'TAKEN' already exists"));
            Assert.That(duplicate.Problems, Has.Some.Contains($"user 'taken' already has the id {taken.Id}"));
            Assert.That(Store.ListUsers(), Has.Count.EqualTo(1));
            Assert.That(Store.Database.ReadRevision(), Is.EqualTo(revision));
        }
    }

    [Test]
    public void ResetUserKey_NewKeyReplacesTheOldHash()
    {
        var (user, oldKey) = Store.AddUser("ci_bot");

        var (reset, newKey) = Store.ResetUserKey("CI_BOT");

        var hash = Store.ListUserCredentials().Single().KeySha256;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(newKey, Is.Not.EqualTo(oldKey).And.StartsWith(ApiKeys.Prefix));
            Assert.That(reset.Id, Is.EqualTo(user.Id));
            Assert.That(ApiKeys.HashesEqual(hash, ApiKeys.Hash(newKey)), Is.True);
            Assert.That(ApiKeys.HashesEqual(hash, ApiKeys.Hash(oldKey)), Is.False);
            Assert.That(reset.ModifiedOn, Is.GreaterThanOrEqualTo(user.ModifiedOn));
        }
    }

    [TestCase("name")]
    [TestCase("id")]
    public void RemoveUser_ByNameOrId_GoneAndTheRevisionMoved(string by)
    {
        var (user, _) = Store.AddUser("ci_bot");
        var revision = Store.Database.ReadRevision();

        var removed = Store.RemoveUser(by == "id" ? user.Id.ToString() : "ci_bot");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed, Is.EqualTo(user));
            Assert.That(Store.ListUsers(), Is.Empty);
            Assert.That(Store.ListUserCredentials(), Is.Empty);
            Assert.That(Store.Database.ReadRevision(), Is.GreaterThan(revision), "running hosts reload their users");
        }
    }

    [Test]
    public void RemoveAndResetUnknownUser_RefusedNamingTheInput()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Store.RemoveUser("nobody"), Throws.TypeOf<RegistrationException>().With.Message.EqualTo("no user has the id or name 'nobody'"));
            Assert.That(() => Store.ResetUserKey(Guid.Empty.ToString()), Throws.TypeOf<RegistrationException>().With.Message.Contains("no user has the id or name"));
        }
    }
}
