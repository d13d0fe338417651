namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// Packaged plug-ins through a real host: PackageFixtures.PluginA (with PackageFixtures.Greeting 1.0.0.0 inside) and
/// PackageFixtures.PluginB (with Greeting 2.0.0.0) both in the fixture's isolation, so that one host process runs the
/// two versions of the dependency side by side; sandboxed, with a pool of one worker, so that one worker process holds
/// both packages.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class PackageExecutionTests(string isolation) : HostTestBase(isolation)
{
    // One warm worker and nothing else: requests sent one after the other all go to it.
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["PluginHost__Sandbox__Workers"] = "1" };

    [OneTimeSetUp]
    public async Task RegisterPackagesAsync()
    {
        TestPackages.Register(Host, TestPackages.PluginA, Isolation);
        TestPackages.Register(Host, TestPackages.PluginB, Isolation);
        await Host.WaitForRegistrationsAsync();
    }

    [Test]
    public async Task Create_PluginCallingItsPrivateDependency_GetsThatDependencysAnswer()
    {
        var entity = NewEntity();
        PackagedStep("PackageFixtures.PluginA.GreetingPlugin", entity);
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });

        var record = (await RecordsAsync(entity)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("greeting").GetString(), Is.EqualTo("greeting v1"));
            Assert.That(record.GetProperty("plugin").GetString(), Is.EqualTo("A 1.0.0"));
        }
    }

    [Test]
    public async Task Create_TwoPackagesWithConflictingDependencyVersions_EachGetsItsOwnVersion()
    {
        var (withA, withB) = (NewEntity(), NewEntity());
        PackagedStep("PackageFixtures.PluginA.GreetingPlugin", withA);
        PackagedStep("PackageFixtures.PluginB.GreetingPlugin", withB);
        await Host.WaitForRegistrationsAsync();
        // One live worker, idle: requests sent one after the other all go to it unless a worker is started meanwhile.
        var oneIdle = await Eventually.TrueAsync(async () => await WorkersAsync() is { Idle: 1, Busy: 0 }, TimeSpan.FromSeconds(60));
        var workersBefore = await WorkersAsync();

        await Host.CreateAsync(withA, new { name = "a" });
        await Host.CreateAsync(withB, new { name = "b" });
        await Host.CreateAsync(withA, new { name = "a again" });

        var workersAfter = await WorkersAsync();
        using (Assert.EnterMultipleScope())
        {
            if (Isolation == "sandbox")
            {
                Assert.That(oneIdle, Is.True, $"one idle worker before the requests: {workersBefore}");
                Assert.That(workersAfter, Is.EqualTo(workersBefore), "the one worker ran both packages: no worker was started, replaced or left");
            }

            Assert.That((await RecordsAsync(withA)).Select(record => record.GetProperty("greeting").GetString()), Is.EqualTo(new[] { "greeting v1", "greeting v1" }));
            Assert.That((await RecordsAsync(withB)).Single().GetProperty("greeting").GetString(), Is.EqualTo("greeting v2"));
        }
    }

    [Test]
    public async Task Create_PluginWhoseBaseClassIsInTheDependency_Runs()
    {
        var entity = NewEntity();
        PackagedStep("PackageFixtures.PluginA.DerivedPlugin", entity);
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });

        Assert.That((await RecordsAsync(entity)).Single().GetProperty("derived").GetString(), Is.EqualTo("A"));
    }

    /// <summary>Sandbox workers started and replaced since the host started, and idle and busy now.</summary>
    private async Task<(long Started, long Replaced, int Idle, int Busy)> WorkersAsync()
    {
        var (_, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        var sandbox = stats.GetProperty("sandbox");
        return (sandbox.GetProperty("workersStarted").GetInt64(), sandbox.GetProperty("workersReplaced").GetInt64(), sandbox.GetProperty("idle").GetInt32(), sandbox.GetProperty("busy").GetInt32());
    }

    private void PackagedStep(string type, string entity) =>
        Host.RegisterStep("--type", type, "--message", "Create", "--entity", entity, "--stage", "20");
}
