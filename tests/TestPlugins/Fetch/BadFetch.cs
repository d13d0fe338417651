using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Fetch;

/// <summary>Runs the FetchXML of its configuration and turns a failure into the plug-in's own error, as Dataverse plug-ins do.</summary>
public sealed class BadFetch(string unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        try
        {
            factory.CreateOrganizationService(context.UserId).RetrieveMultiple(new FetchExpression(unsecureConfig));
        }
        catch (Exception exception) when (exception is not InvalidPluginExecutionException)
        {
            throw new InvalidPluginExecutionException($"The query failed: {exception.Message}", exception);
        }
    }
}
