using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginHost.Host.Diagnostics;

namespace PluginHost.Host.Tests.Diagnostics;

/// <summary>A host that stops because a background service died ends with a failure exit code, never 0.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HostExitTests
{
    [Test]
    public async Task RunAsync_BackgroundServiceDies_ReturnsFailureAndSaysWhichOnStderr()
    {
        var app = Build(services => services.AddHostedService<DyingService>());
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        int exitCode;
        try
        {
            exitCode = await HostExit.RunAsync(app);
        }
        finally
        {
            Console.SetError(original);
            await app.DisposeAsync();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(HostExit.Failed));
            Assert.That(stderr.ToString().Trim(), Is.EqualTo("error: the host stopped because DyingService failed: the disk caught fire"));
        }
    }

    [Test]
    public async Task RunAsync_StopRequested_ReturnsZero()
    {
        var app = Build(_ => { });
        app.Lifetime.ApplicationStarted.Register(() => app.Lifetime.StopApplication());

        var exitCode = await HostExit.RunAsync(app);
        await app.DisposeAsync();

        Assert.That(exitCode, Is.Zero);
    }

    private static WebApplication Build(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);
        configure(builder.Services);
        return builder.Build();
    }

    private sealed class DyingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("the disk caught fire");
        }
    }
}
