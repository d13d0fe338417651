using PluginHost.Host.Sandbox;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The revision-keyed cache the sandbox gate keeps its scanner in: under threads that move the revision back and
/// forth, a value is never handed out for a revision it was not made for. The gate's cache before issue 12, a
/// nullable (revision, scanner) struct read and written without a lock, fails this test within a second (about 2,000
/// torn reads in 8 million), pairing a new revision with the scanner of the old rule list.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class RevisionCacheTests
{
    private const int Threads = 4;
    private const int GetsPerThread = 2_000_000;

    [Test]
    public void Get_ThreadsMovingTheRevision_NeverPairsARevisionWithAnotherRevisionsValue()
    {
        var cache = new RevisionCache<Made>();
        var mismatches = 0L;
        var created = 0L;
        var workers = Enumerable.Range(0, Threads).Select(worker => new Thread(() =>
        {
            for (var get = 0; get < GetsPerThread; get++)
            {
                // Each thread walks revisions 0-3 out of step with the others, so entries are replaced all the time.
                var revision = (long)(((get / 3) + worker) % 4);
                var value = cache.Get(revision, () =>
                {
                    Interlocked.Increment(ref created);
                    return new Made(revision);
                });
                if (value.Revision != revision)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToList();

        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Interlocked.Read(ref mismatches), Is.Zero);
            Assert.That(Interlocked.Read(ref created), Is.GreaterThan(1000), "the threads moved the revision under each other, so the entry was replaced often");
        }
    }

    [Test]
    public void Get_SameRevision_KeepsTheValueMadeFirst()
    {
        var cache = new RevisionCache<Made>();

        var first = cache.Get(7, () => new Made(7));
        var again = cache.Get(7, () => new Made(7));
        var next = cache.Get(8, () => new Made(8));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.SameAs(first));
            Assert.That(next, Is.Not.SameAs(first));
            Assert.That(next.Revision, Is.EqualTo(8));
        }
    }

    private sealed record Made(long Revision);
}
