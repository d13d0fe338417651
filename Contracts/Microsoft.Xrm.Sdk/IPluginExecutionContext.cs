namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context of a plug-in step: the operation plus the stage the step is registered on.</summary>
public interface IPluginExecutionContext : IExecutionContext
{
    /// <summary>Gets the pipeline stage: 10, 20, 30 or 40.</summary>
    int Stage { get; }

    /// <summary>Gets the context of the step whose organization-service call started this operation, or null at the top level.</summary>
    IPluginExecutionContext? ParentContext { get; }
}
