using Microsoft.Xrm.Sdk;

namespace TestPlugins.Clean;

/// <summary>A base class in the same assembly: itself not a plug-in (abstract), its public subclasses are.</summary>
public abstract class PluginBase : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => Run((ITracingService)serviceProvider.GetService(typeof(ITracingService))!);

    protected abstract void Run(ITracingService tracing);
}

/// <summary>A plug-in only through <see cref="PluginBase"/>, with the (unsecure) configuration constructor.</summary>
public sealed class DerivedPlugin(string unsecureConfig) : PluginBase
{
    protected override void Run(ITracingService tracing) => tracing.Trace("derived: {0}", unsecureConfig);
}

/// <summary>A generic base class in the same assembly; a closed subclass is a plug-in.</summary>
public abstract class TypedPluginBase<TConfig> : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => Run(CreateConfig());

    protected abstract TConfig CreateConfig();

    protected abstract void Run(TConfig config);
}

/// <summary>A plug-in only through the generic <see cref="TypedPluginBase{TConfig}"/>.</summary>
public sealed class TypedPlugin : TypedPluginBase<TypedPlugin.Settings>
{
    protected override Settings CreateConfig() => new();

    protected override void Run(Settings config) => config.Runs++;

    /// <summary>A public nested type that is a plug-in of its own.</summary>
    public sealed class Nested : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
        }
    }

    public sealed class Settings
    {
        public int Runs { get; set; }
    }
}

/// <summary>An interface in the same assembly that extends IPlugin.</summary>
public interface IAuditPlugin : IPlugin
{
    string Area { get; }
}

/// <summary>A plug-in only through <see cref="IAuditPlugin"/>.</summary>
public sealed class AuditPlugin : IAuditPlugin
{
    public string Area => "audit";

    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
