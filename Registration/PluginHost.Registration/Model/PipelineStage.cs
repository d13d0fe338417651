using System.Diagnostics.CodeAnalysis;

namespace PluginHost.Registration;

/// <summary>The stages of the pipeline a step can be registered on, with their Dataverse numbers.</summary>
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "The numbers are fixed by the Dataverse pipeline; 0 is not a stage.")]
public enum PipelineStage
{
    /// <summary>Before the operation's transaction begins; for validation that may refuse the operation.</summary>
    PreValidation = 10,

    /// <summary>Inside the transaction, before the main operation; changes to the Target are what gets stored.</summary>
    PreOperation = 20,

    /// <summary>The main operation itself: the core data operation, or a custom message's plug-in.</summary>
    MainOperation = 30,

    /// <summary>After the main operation, inside the transaction for synchronous steps, after commit for asynchronous ones.</summary>
    PostOperation = 40,
}
