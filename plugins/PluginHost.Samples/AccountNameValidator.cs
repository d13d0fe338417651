using Microsoft.Xrm.Sdk;

namespace PluginHost.Samples;

/// <summary>
/// PreValidation (10) on Create and Update of <c>account</c>: refuses an account without a proper name before
/// anything is written. The configuration string sets the minimum length (default 3).
/// </summary>
public sealed class AccountNameValidator(string? unsecureConfig) : IPlugin
{
    private readonly int _minimumLength = int.TryParse(unsecureConfig, out var length) ? length : 3;

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        if (!context.InputParameters.TryGetValue("Target", out var value) || value is not Entity target)
        {
            return;
        }

        // On Update only the changed attributes are in the Target: a name that is not being changed is fine.
        if (context.MessageName == "Update" && !target.Contains("name"))
        {
            return;
        }

        var name = target.GetAttributeValue<string>("name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length < _minimumLength)
        {
            throw new InvalidPluginExecutionException($"An account needs a name of at least {_minimumLength} characters.");
        }
    }
}
