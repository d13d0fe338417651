using Microsoft.Xrm.Sdk;
using PluginHost.Samples.Text;

namespace PluginHost.Samples.Packaged;

/// <summary>
/// PreOperation (20) on Create of <c>contact</c>: writes the first and last name in title case before the contact is
/// stored, with the helper library PluginHost.Samples.Text, which travels in the same plug-in package.
/// </summary>
public sealed class ContactNameNormalizer : IPlugin
{
    private static readonly string[] NameAttributes = ["firstname", "lastname"];

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        if (!context.InputParameters.TryGetValue("Target", out var value) || value is not Entity target)
        {
            return;
        }

        foreach (var attribute in NameAttributes)
        {
            if (target.GetAttributeValue<string>(attribute) is { Length: > 0 } name)
            {
                target[attribute] = NameCase.ToTitleCase(name);
            }
        }
    }
}
