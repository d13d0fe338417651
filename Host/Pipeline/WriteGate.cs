namespace PluginHost.Host.Pipeline;

/// <summary>
/// Queues this process's writers to the one SQLite database in order. SQLite allows one writer at a time; waiting
/// here is fair and prompt, where SQLite's own busy handler sleeps and retries.
/// </summary>
/// <remarks>Every write of the host passes here, so here is where writes stop once the database file has gone.</remarks>
internal sealed class WriteGate(Storage.DatabaseWatch database) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IDisposable Enter()
    {
        database.ThrowIfUnavailable();
        _gate.Wait();
        return new Release(_gate);
    }

    /// <summary>Waits for the writer's turn without holding a thread; <paramref name="cancellation"/> ends the wait.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellation)
    {
        database.ThrowIfUnavailable();
        await _gate.WaitAsync(cancellation);
        return new Release(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
