using Microsoft.Xrm.Sdk;

namespace PluginHost.Registration.Store;

/// <summary>
/// A registered plug-in assembly [PluginAssembly], without its content: a lone assembly, or one file of a package
/// (<see cref="PackageId"/> set), whose isolation is the package's.
/// </summary>
public sealed record AssemblyRecord(
    Guid Id,
    string Name,
    string Version,
    string Culture,
    string? PublicKeyToken,
    string Sha256,
    IsolationMode Isolation,
    string? Description,
    DateTime RegisteredOn,
    DateTime ModifiedOn,
    IReadOnlyList<PluginTypeRecord> Types,
    Guid? PackageId,
    string? PackageName,
    string FileName);

/// <summary>A registered plug-in package [PluginPackage]: a .nupkg's assemblies, loaded together.</summary>
public sealed record PackageRecord(
    Guid Id,
    string Name,
    string Version,
    string Sha256,
    IsolationMode Isolation,
    string? Description,
    DateTime RegisteredOn,
    DateTime ModifiedOn,
    IReadOnlyList<AssemblyRecord> Assemblies);

/// <summary>A dependency an admin trusts despite the disallowed APIs it uses: one exact file.</summary>
public sealed record TrustedAssemblyRecord(string Name, string Version, string Sha256, string? Description, DateTime AddedOn);

/// <summary>A plug-in class of a registered assembly [PluginType].</summary>
public sealed record PluginTypeRecord(Guid Id, Guid AssemblyId, string TypeName);

/// <summary>A message steps can be registered on [SdkMessage].</summary>
public sealed record MessageRecord(string Name, bool IsCustom, string? Description);

/// <summary>A step wiring a plug-in type to a message, entity and stage [SdkMessageProcessingStep].</summary>
public sealed record StepRecord(
    Guid Id,
    string Name,
    Guid PluginTypeId,
    string TypeName,
    Guid AssemblyId,
    string AssemblyName,
    string Message,
    string? Entity,
    int Stage,
    ExecutionMode Mode,
    int Rank,
    IReadOnlyList<string> FilteringAttributes,
    string? UnsecureConfig,
    bool HasSecureConfig,
    bool Enabled,
    bool AsyncAutoDelete,
    string? Description,
    DateTime RegisteredOn);

/// <summary>Which entity images a step receives.</summary>
public enum ImageKind
{
    /// <summary>The record as it was before the operation.</summary>
    Pre = 0,

    /// <summary>The record as it is after the operation.</summary>
    Post = 1,

    /// <summary>Both a pre and a post image under the same alias.</summary>
    Both = 2,
}

/// <summary>An entity image registered on a step [SdkMessageProcessingStepImage].</summary>
public sealed record ImageRecord(Guid Id, Guid StepId, ImageKind Kind, string Alias, IReadOnlyList<string> Attributes);

/// <summary>What a caller asks for when registering a step; the store validates it.</summary>
public sealed record StepDefinition
{
    /// <summary>Full name of the plug-in type, or its id.</summary>
    public required string PluginType { get; init; }

    /// <summary>The message name, e.g. Create.</summary>
    public required string Message { get; init; }

    /// <summary>The primary entity's logical name, or null for all entities.</summary>
    public string? Entity { get; init; }

    /// <summary>The stage: 10, 20, 30 or 40.</summary>
    public required int Stage { get; init; }

    /// <summary>Synchronous or asynchronous.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Synchronous;

    /// <summary>Order within the stage, ascending.</summary>
    public int Rank { get; init; } = 1;

    /// <summary>Update only: attributes of which at least one must be in the Target.</summary>
    public IReadOnlyList<string> FilteringAttributes { get; init; } = [];

    /// <summary>The unsecure configuration string passed to the plug-in's constructor.</summary>
    public string? UnsecureConfig { get; init; }

    /// <summary>The secure configuration string passed to the plug-in's constructor; never listed.</summary>
    public string? SecureConfig { get; init; }

    /// <summary>A name for the step; a descriptive one is made up when absent.</summary>
    public string? Name { get; init; }

    /// <summary>Async only: remove the job once it succeeded.</summary>
    public bool AsyncAutoDelete { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }
}
