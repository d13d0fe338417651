using Microsoft.Xrm.Sdk;

namespace PluginHost.Samples;

/// <summary>
/// PostOperation (40) on Update of <c>account</c>, with a pre image and a post image registered under the aliases
/// <c>before</c> and <c>after</c>: writes one <c>audit</c> row listing each changed attribute as old → new.
/// </summary>
public sealed class AccountUpdateAuditor : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;

        if (!context.PreEntityImages.TryGetValue("before", out var before) || !context.PostEntityImages.TryGetValue("after", out var after))
        {
            tracing.Trace("Register a pre image and a post image with the aliases 'before' and 'after' on this step.");
            return;
        }

        var changes = after.Attributes
            .Where(attribute => !Equals(before.Attributes.TryGetValue(attribute.Key, out var old) ? old : null, attribute.Value))
            .Select(attribute => $"{attribute.Key}: {Show(before, attribute.Key)} → {Show(after, attribute.Key)}")
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        factory.CreateOrganizationService(null).Create(new Entity("audit")
        {
            ["regardingobjectid"] = context.PrimaryEntityId == Guid.Empty ? null : new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId),
            ["changedby"] = context.InitiatingUserId,
            ["changes"] = string.Join("; ", changes),
        });
        tracing.Trace("Audited {0} change(s) on {1} {2}", changes.Count, context.PrimaryEntityName, context.PrimaryEntityId);
    }

    private static string Show(Entity image, string attribute) =>
        image.Attributes.TryGetValue(attribute, out var value) && value is not null ? value.ToString() ?? "" : "(empty)";
}
