using Microsoft.Xrm.Sdk;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>Everything the pipeline needs to run one enabled step, resolved once per registration revision.</summary>
internal sealed record StepRegistration(
    Guid StepId,
    string Name,
    string TypeName,
    Guid AssemblyId,
    string AssemblyName,
    string AssemblySha256,
    IsolationMode Isolation,
    string Message,
    string? Entity,
    int Stage,
    ExecutionMode Mode,
    int Rank,
    IReadOnlyList<string> FilteringAttributes,
    string? UnsecureConfig,
    string? SecureConfig,
    bool AsyncAutoDelete,
    IReadOnlyList<ImageRecord> Images)
{
    /// <summary>Why the secure configuration could not be decrypted, or null; the step is not run while this is set.</summary>
    public string? SecureConfigProblem { get; init; }

    /// <summary>True when the step's filtering attributes let it fire for this Target (Update only).</summary>
    public bool PassesFilter(object? target) =>
        FilteringAttributes.Count == 0
        || target is not Entity entity
        || FilteringAttributes.Any(entity.Attributes.ContainsKey);
}
