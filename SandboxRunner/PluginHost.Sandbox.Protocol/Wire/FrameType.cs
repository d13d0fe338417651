namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// The kind of a frame between the host and a sandbox worker. The numbers are the wire format: never renumber, only
/// append, and raise <see cref="FrameChannel.ProtocolVersion"/> when a frame's content changes.
/// </summary>
public enum FrameType : byte
{
    /// <summary>Worker to host, once, first: protocol version and process id.</summary>
    Hello = 1,

    /// <summary>Host to worker: one file's SHA-256 and bytes, sent once per worker, kept for the units that name it.</summary>
    LoadAssembly = 2,

    /// <summary>Host to worker: run one step of a unit sent before (<see cref="ExecuteRequest"/>).</summary>
    Execute = 3,

    /// <summary>Worker to host: one line the plug-in traced.</summary>
    Trace = 4,

    /// <summary>Worker to host: an organization-service call (<see cref="ServiceCall"/>).</summary>
    ServiceCall = 5,

    /// <summary>Host to worker: the answer to a <see cref="ServiceCall"/>.</summary>
    ServiceReply = 6,

    /// <summary>Worker to host: how the execution ended (<see cref="ExecuteResult"/>).</summary>
    Result = 7,

    /// <summary>Host to worker: a load unit's manifest (<see cref="LoadUnit"/>), after the files it names.</summary>
    LoadUnit = 8,
}
