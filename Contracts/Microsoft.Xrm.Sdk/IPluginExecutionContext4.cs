namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context with images per record, for messages that work on several records at once.</summary>
public interface IPluginExecutionContext4 : IPluginExecutionContext3
{
    /// <summary>Gets the pre images of each record the message works on; on PluginHost's single-record messages, one item: <see cref="IExecutionContext.PreEntityImages"/>.</summary>
    EntityImageCollection[] PreEntityImagesCollection { get; }

    /// <summary>Gets the post images of each record the message works on; on PluginHost's single-record messages, one item: <see cref="IExecutionContext.PostEntityImages"/>.</summary>
    EntityImageCollection[] PostEntityImagesCollection { get; }
}
