namespace TestPlugins.NoContracts;

/// <summary>Has an Execute method, but no IPlugin to implement.</summary>
public sealed class Calculator
{
    public void Execute(IServiceProvider serviceProvider) => _ = serviceProvider.GetService(typeof(object));
}
