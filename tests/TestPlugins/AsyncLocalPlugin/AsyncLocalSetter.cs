using Microsoft.Xrm.Sdk;

namespace TestPlugins.AsyncLocalPlugin;

/// <summary>Leaves an object of its own type in an AsyncLocal, which would pin its load context to a host thread.</summary>
public sealed class AsyncLocalSetter : IPlugin
{
    private static readonly AsyncLocal<object> Slot = new();

    public void Execute(IServiceProvider serviceProvider) => Slot.Value = new AsyncLocalSetter();
}
