using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// Warm sandbox workers. A worker serves one execution at a time. Top-level executions wait for a free worker when
/// <see cref="SandboxOptions.MaxWorkers"/> are busy; nested ones (a sandboxed step's organization-service call that
/// triggers another sandboxed step) never wait, because the worker they would wait for may be their own caller.
/// Workers are replaced after a crash, a timeout, a memory breach, an update of a unit they hold, or
/// <see cref="SandboxOptions.MaxExecutionsPerWorker"/> executions. <see cref="SandboxOptions.Workers"/> are kept
/// started at all times; workers started for a busy moment stay idle for a minute before they are ended.
/// </summary>
internal sealed class SandboxPool : IDisposable
{
    private readonly SandboxEnvironment _environment;
    private readonly ILogger<SandboxPool> _logger;
    private readonly Diagnostics.LogThrottle _throttle;
    /// <summary>How long a worker beyond the warm pool may stay idle before it is ended.</summary>
    private static readonly TimeSpan IdleTrimAfter = TimeSpan.FromSeconds(60);

    // Used as a stack (the most recently used worker is at the end and is reused first, warm), so the idlest
    // workers are at the start, where trimming takes them from.
    private readonly List<SandboxWorker> _idle = [];
    private readonly HashSet<SandboxWorker> _busy = [];
    // Workers being ended in the background; Dispose waits for them, so none outlives the pool.
    private readonly HashSet<SandboxWorker> _ending = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _topLevelSlots;
    private readonly CancellationTokenSource _stopping = new();
    private int _numbers;
    private int _warming;
    private long _started;
    private long _replaced;

    public SandboxPool(SandboxEnvironment environment, StepIndexProvider steps, Diagnostics.LogThrottle throttle, ILogger<SandboxPool> logger)
    {
        _environment = environment;
        _logger = logger;
        _throttle = throttle;
        _topLevelSlots = new SemaphoreSlim(Math.Max(1, environment.Options.MaxWorkers));
        steps.Reloaded += RetireOutdated;
        Warm();
    }

    /// <summary>Counters for statistics.</summary>
    public (long Started, long Replaced, int Idle, int Busy) Counters
    {
        get
        {
            lock (_lock)
            {
                return (Interlocked.Read(ref _started), Interlocked.Read(ref _replaced), _idle.Count, _busy.Count);
            }
        }
    }

    /// <summary>
    /// A worker for one execution; give it back with <see cref="Return"/>. A top-level execution waits for a slot
    /// until <paramref name="cancellation"/> (its request was given up) or the host stops.
    /// </summary>
    public SandboxWorker Rent(bool nested, CancellationToken cancellation = default)
    {
        if (!nested)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, cancellation);
            _topLevelSlots.Wait(either.Token);
        }

        List<SandboxWorker>? dead = null;
        try
        {
            lock (_lock)
            {
                while (_idle.Count > 0)
                {
                    var idle = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                    if (!idle.HasExited)
                    {
                        _busy.Add(idle);
                        return idle;
                    }

                    (dead ??= []).Add(idle);
                }
            }

            var worker = StartWorker();
            lock (_lock)
            {
                _busy.Add(worker);
            }

            return worker;
        }
        catch
        {
            if (!nested)
            {
                _topLevelSlots.Release();
            }

            throw;
        }
        finally
        {
            // Only dead workers lower the count of live ones: taking an idle worker or starting one does not.
            if (dead is not null)
            {
                End(dead);
                Warm();
            }
        }
    }

    /// <summary>Takes a worker back; an unhealthy, retired or worn-out one is ended and replaced.</summary>
    public void Return(SandboxWorker worker, bool nested, bool healthy)
    {
        worker.Executions++;
        var keep = healthy && !worker.Retired && !worker.HasExited && worker.Executions < _environment.Options.MaxExecutionsPerWorker;
        List<SandboxWorker> trimmed;
        lock (_lock)
        {
            _busy.Remove(worker);
            // Busy moments keep their extra workers (up to MaxWorkers) instead of ending and restarting one per request.
            if (keep && !_stopping.IsCancellationRequested && _idle.Count < Math.Max(_environment.Options.Workers, _environment.Options.MaxWorkers))
            {
                worker.IdleSince = DateTime.UtcNow;
                _idle.Add(worker);
                worker = null!;
            }

            trimmed = TrimIdle();
        }

        if (!nested)
        {
            _topLevelSlots.Release();
        }

        if (worker is not null)
        {
            if (!healthy)
            {
                // Hung, out of memory or broken: stopped now, before the caller hears about it.
                Interlocked.Increment(ref _replaced);
                worker.Kill();
            }

            trimmed.Add(worker);
            Warm();
        }

        // Ending a worker waits for its process (up to 200 ms for a healthy one to exit when its socket closes, then
        // a kill): not on the caller's request.
        if (trimmed.Count > 0)
        {
            End(trimmed);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        List<SandboxWorker> all;
        lock (_lock)
        {
            all = [.. _idle, .. _busy, .. _ending];
            _idle.Clear();
        }

        Parallel.ForEach(all, DisposeQuietly);
        _stopping.Dispose();
        _topLevelSlots.Dispose();
    }

    /// <summary>Ends workers on a background task; each stays in <see cref="_ending"/> until its process is gone.</summary>
    private void End(List<SandboxWorker> workers)
    {
        lock (_lock)
        {
            _ending.UnionWith(workers);
        }

        _ = Task.Run(() =>
        {
            foreach (var worker in workers)
            {
                DisposeQuietly(worker);
                lock (_lock)
                {
                    _ending.Remove(worker);
                }
            }
        });
    }

    private void DisposeQuietly(SandboxWorker worker)
    {
        try
        {
            worker.Dispose();
        }
        catch (Exception exception) when (exception is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException or InvalidOperationException)
        {
            _logger.LogWarning("Sandbox worker {Worker} could not be ended cleanly: {Reason}", worker.Number, exception.Message);
        }
    }

    private SandboxWorker StartWorker()
    {
        var worker = SandboxWorker.Start(_environment, Interlocked.Increment(ref _numbers));
        Interlocked.Increment(ref _started);
        _logger.LogDebug("Sandbox worker {Worker} started in {StartMs:0} ms ({Confinement})", worker.Number, worker.StartTime.TotalMilliseconds, worker.Hello.Confinement);
        return worker;
    }

    /// <summary>Starts workers in the background until <see cref="SandboxOptions.Workers"/> exist again.</summary>
    private void Warm()
    {
        if (_stopping.IsCancellationRequested || !NeedsWorkers() || Interlocked.CompareExchange(ref _warming, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                while (!_stopping.IsCancellationRequested && NeedsWorkers())
                {
                    var worker = StartWorker();
                    lock (_lock)
                    {
                        if (_stopping.IsCancellationRequested)
                        {
                            worker.Dispose();
                            return;
                        }

                        worker.IdleSince = DateTime.UtcNow;
                        _idle.Add(worker);
                    }
                }
            }
            catch (Exception exception) when (exception is SandboxUnavailableException or IOException or System.Net.Sockets.SocketException
                or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
            {
                // Tried again on every request that finds no worker: once a minute per reason is enough to tell.
                if (_throttle.ShouldLog($"{nameof(SandboxPool)}:{exception.Message}", out var suppressed))
                {
                    _logger.LogError("Could not start a sandbox worker: {Reason}{Suppressed}", exception.Message, suppressed);
                }
            }
            finally
            {
                Volatile.Write(ref _warming, 0);
            }
        });
    }

    /// <summary>Takes out the idle workers beyond the warm pool that have not been used for a while (under the lock).</summary>
    private List<SandboxWorker> TrimIdle()
    {
        var trimmed = new List<SandboxWorker>();
        var cutoff = DateTime.UtcNow - IdleTrimAfter;
        while (_idle.Count > _environment.Options.Workers && _idle[0].IdleSince < cutoff)
        {
            trimmed.Add(_idle[0]);
            _idle.RemoveAt(0);
        }

        return trimmed;
    }

    /// <summary>True while fewer workers exist (idle or busy) than the warm pool size.</summary>
    private bool NeedsWorkers()
    {
        lock (_lock)
        {
            return _idle.Count + _busy.Count < _environment.Options.Workers;
        }
    }

    /// <summary>After a registration change: workers holding a unit version (by key) no longer registered are replaced.</summary>
    private void RetireOutdated(StepIndex index)
    {
        var live = index.Steps.Values.Select(step => step.Unit.Key).ToHashSet(StringComparer.Ordinal);
        List<SandboxWorker> outdated;
        lock (_lock)
        {
            foreach (var busy in _busy.Where(worker => !worker.Units.All(live.Contains)))
            {
                busy.Retired = true;
            }

            outdated = _idle.Where(worker => !worker.Units.All(live.Contains)).ToList();
            if (outdated.Count == 0)
            {
                return;
            }

            _idle.RemoveAll(outdated.Contains);
        }

        End(outdated);
        Warm();
    }
}
