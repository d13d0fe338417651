using PluginHost.Tests.Shared;

/// <summary>
/// Stops the run's temporary PostgreSQL server, if it was started: the benchmark's counterpart of the tests' NUnit
/// fixture of the same name (tests/Shared/PostgresServerShutdown.cs, which the benchmark cannot link), called when the
/// <see cref="PluginHost.Benchmarks.Setup.BenchContext"/> ends. In the global namespace like that fixture, which is
/// where the linked PostgresServer.cs's documentation looks for it.
/// </summary>
#pragma warning disable CA1050 // Named and placed as the shared server's documentation expects (see the summary).
internal static class PostgresServerShutdown
#pragma warning restore CA1050
{
    public static void Stop() => PostgresServer.StopIfStarted();
}
