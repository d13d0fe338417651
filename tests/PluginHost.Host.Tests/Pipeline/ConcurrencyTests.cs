using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
[TestFixture("sandbox", DatabaseBackend.PostgreSql)]
internal sealed class ConcurrencyTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [Test]
    public async Task Create_TwoHundredFromEightClients_AllStored()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 20, "--config", "busy");
        await Host.WaitForRegistrationsAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            var created = new List<Guid>();
            for (var index = 0; index < 25; index++)
            {
                created.Add(await Host.CreateAsync(entity, new { client, index }));
            }

            return created;
        })));

        var stored = await RecordsAsync(entity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids.SelectMany(list => list).Distinct().Count(), Is.EqualTo(200));
            Assert.That(stored, Has.Count.EqualTo(200));
        }
    }
}
