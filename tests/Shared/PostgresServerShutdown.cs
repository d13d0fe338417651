using PluginHost.Tests.Shared;

/// <summary>
/// Stops the test run's PostgreSQL server after the last test. Outside any namespace, so that it wraps every test of
/// the assembly it is linked into.
/// </summary>
[SetUpFixture]
#pragma warning disable CA1050 // A setup fixture for the whole assembly must be in the global namespace.
internal sealed class PostgresServerShutdown
#pragma warning restore CA1050
{
    [OneTimeTearDown]
    public void Stop() => PostgresServer.StopIfStarted();
}
