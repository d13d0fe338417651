using Microsoft.Xrm.Sdk;

namespace TestPlugins.NoPluginType;

/// <summary>Abstract: cannot be instantiated.</summary>
public abstract class AbstractPlugin : IPlugin
{
    public abstract void Execute(IServiceProvider serviceProvider);
}

/// <summary>Not public: the host cannot be asked to run it.</summary>
internal sealed class InternalPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}

/// <summary>Generic: no type arguments to instantiate it with.</summary>
public sealed class GenericPlugin<T> : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}

/// <summary>Its only constructor takes an int: none of (), (string), (string, string).</summary>
public sealed class NumberedPlugin(int number) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => _ = number;
}

/// <summary>Its parameterless constructor is not public.</summary>
public sealed class PrivateConstructorPlugin : IPlugin
{
    private PrivateConstructorPlugin()
    {
    }

    public void Execute(IServiceProvider serviceProvider)
    {
    }
}

/// <summary>Holds a public nested plug-in that is still not visible outside the assembly.</summary>
internal static class Hidden
{
    public sealed class NestedInInternal : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
        }
    }
}

/// <summary>Not an IPlugin at all, though it has the method.</summary>
public sealed class LooksLikeAPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
