using Microsoft.Xrm.Sdk;
using PluginHost.Host.Loading;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// Everything the pipeline needs to run one enabled step, resolved once per registration revision. The assembly members
/// name the assembly that holds the plug-in type; <see cref="Unit"/> is what is loaded for it (that assembly alone, or
/// its whole package).
/// </summary>
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
    private readonly PluginUnit? _unit;

    /// <summary>The load unit of the step's assembly; a lone assembly's own unit unless the index set its package's.</summary>
    public PluginUnit Unit
    {
        get => _unit ?? PluginUnit.ForAssembly(AssemblyId, AssemblyName, AssemblySha256, Isolation);
        init => _unit = value;
    }

    /// <summary>Why the secure configuration could not be decrypted, or null; the step is not run while this is set.</summary>
    public string? SecureConfigProblem { get; init; }

    /// <summary>True when the step's filtering attributes let it fire for this Target (Update only).</summary>
    public bool PassesFilter(object? target) =>
        FilteringAttributes.Count == 0
        || target is not Entity entity
        || FilteringAttributes.Any(entity.Attributes.ContainsKey);
}
