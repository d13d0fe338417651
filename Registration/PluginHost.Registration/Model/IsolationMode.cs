using System.Diagnostics.CodeAnalysis;

namespace PluginHost.Registration;

/// <summary>Where a plug-in assembly runs.</summary>
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "The numbers are fixed by Dataverse; 0 is not a mode.")]
public enum IsolationMode
{
    /// <summary>Trusted: runs in the host process.</summary>
    None = 1,

    /// <summary>Untrusted: runs in a confined sandbox worker process.</summary>
    Sandbox = 2,
}
