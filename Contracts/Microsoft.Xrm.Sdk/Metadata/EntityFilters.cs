using System.Diagnostics.CodeAnalysis;

namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>Which parts of an entity's metadata a request asks for; the numbers are Dataverse's.</summary>
[Flags]
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "The numbers are Dataverse's; Default is Entity.")]
[SuppressMessage("Naming", "CA1714:Flags enums should have plural names", Justification = "The name is the SDK's.")]
[SuppressMessage("Design", "CA1069:Enums values should not be duplicated", Justification = "Default and Entity are the same value in the SDK.")]
public enum EntityFilters
{
    /// <summary>The entity alone.</summary>
    Entity = 1,

    /// <summary>The entity alone (the same as <see cref="Entity"/>).</summary>
    Default = 1,

    /// <summary>The entity and its attributes.</summary>
    Attributes = 2,

    /// <summary>The entity and its privileges.</summary>
    Privileges = 4,

    /// <summary>The entity and its relationships.</summary>
    Relationships = 8,

    /// <summary>Everything.</summary>
    All = 15,
}
