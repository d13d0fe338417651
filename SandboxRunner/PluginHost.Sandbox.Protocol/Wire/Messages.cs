using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>The <see cref="FrameType.Hello"/> a worker sends once connected and confined.</summary>
public sealed record Hello(int ProtocolVersion, int ProcessId, string Confinement)
{
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ProtocolVersion);
        writer.Write(ProcessId);
        ValueWriter.WriteString(writer, Confinement);
    }

    public static Hello Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(() => new Hello(reader.ReadInt32(), reader.ReadInt32(), ValueReader.ReadRequiredString(reader, "the confinement")), "Hello");
    }
}

/// <summary>A <see cref="FrameType.LoadAssembly"/>: the bytes of one file of a load unit, named by their SHA-256.</summary>
public sealed record LoadAssembly(string Sha256, byte[] Image)
{
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValueWriter.WriteString(writer, Sha256);
        writer.Write(Image.Length);
        writer.Write(Image);
    }

    public static LoadAssembly Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () =>
            {
                var sha = ValueReader.ReadRequiredString(reader, "the assembly hash");
                var length = reader.ReadInt32();
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                {
                    throw new InvalidDataException($"the assembly length {length} does not fit the frame");
                }

                return new LoadAssembly(sha, reader.ReadBytes(length));
            },
            "LoadAssembly");
    }
}

/// <summary>
/// An <see cref="FrameType.Execute"/>: run one step's plug-in with this context. The plug-in type is
/// <paramref name="TypeName"/> in the assembly <paramref name="AssemblyName"/> of the unit <paramref name="UnitKey"/>.
/// </summary>
public sealed record ExecuteRequest(Guid StepId, string UnitKey, string AssemblyName, string TypeName, string? UnsecureConfig, string? SecureConfig, IPluginExecutionContext Context)
{
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValueWriter.WriteGuid(writer, StepId);
        ValueWriter.WriteString(writer, UnitKey);
        ValueWriter.WriteString(writer, AssemblyName);
        ValueWriter.WriteString(writer, TypeName);
        ValueWriter.WriteString(writer, UnsecureConfig);
        ValueWriter.WriteString(writer, SecureConfig);
        ContextCodec.Write(writer, Context);
    }

    public static ExecuteRequest Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () => new ExecuteRequest(
                ValueReader.ReadGuid(reader),
                ValueReader.ReadRequiredString(reader, "the unit key"),
                ValueReader.ReadRequiredString(reader, "the assembly name"),
                ValueReader.ReadRequiredString(reader, "the plug-in type"),
                ValueReader.ReadString(reader),
                ValueReader.ReadString(reader),
                ContextCodec.Read(reader)),
            "Execute");
    }
}

/// <summary>How a sandboxed execution ended.</summary>
public enum ExecuteOutcome : byte
{
    /// <summary>The plug-in returned; the result carries the parameters it may have changed.</summary>
    Succeeded = 0,

    /// <summary>The plug-in threw InvalidPluginExecutionException: its message is for the caller.</summary>
    PluginRefused = 1,

    /// <summary>The plug-in (or its constructor) threw anything else.</summary>
    PluginThrew = 2,

    /// <summary>The worker ran out of its managed heap.</summary>
    OutOfMemory = 3,

    /// <summary>An organization-service call failed on the host and the plug-in let the fault through.</summary>
    ServiceFault = 4,

    /// <summary>The worker could not run the step at all (type missing, assembly not loaded).</summary>
    CannotRun = 5,
}

/// <summary>A <see cref="FrameType.Result"/>.</summary>
public sealed record ExecuteResult(ExecuteOutcome Outcome)
{
    /// <summary>On success: the input parameters as the plug-in left them (a changed Target among them).</summary>
    public ParameterCollection? InputParameters { get; init; }

    /// <summary>On success: the output parameters as the plug-in left them.</summary>
    public ParameterCollection? OutputParameters { get; init; }

    /// <summary>On success: the shared variables as the plug-in left them.</summary>
    public ParameterCollection? SharedVariables { get; init; }

    /// <summary>The status a plug-in refusal asked for.</summary>
    public OperationStatus Status { get; init; } = OperationStatus.Failed;

    /// <summary>The error code of a <see cref="ExecuteOutcome.ServiceFault"/>.</summary>
    public string? Code { get; init; }

    /// <summary>The message for the caller (refusal, fault) or a one-line description (everything else).</summary>
    public string? Message { get; init; }

    /// <summary>The exception's type and stack, for the trace log only.</summary>
    public string? Details { get; init; }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((byte)Outcome);
        if (Outcome == ExecuteOutcome.Succeeded)
        {
            ValueCodec.Write(writer, InputParameters);
            ValueCodec.Write(writer, OutputParameters);
            ValueCodec.Write(writer, SharedVariables);
            return;
        }

        writer.Write((int)Status);
        ValueWriter.WriteString(writer, Code);
        ValueWriter.WriteString(writer, Message);
        ValueWriter.WriteString(writer, Details);
    }

    public static ExecuteResult Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () =>
            {
                var outcome = (ExecuteOutcome)reader.ReadByte();
                if (!Enum.IsDefined(outcome))
                {
                    throw new InvalidDataException($"unknown outcome {(byte)outcome}");
                }

                if (outcome == ExecuteOutcome.Succeeded)
                {
                    return new ExecuteResult(outcome)
                    {
                        InputParameters = ContextCodec.Read<ParameterCollection>(reader, "InputParameters"),
                        OutputParameters = ContextCodec.Read<ParameterCollection>(reader, "OutputParameters"),
                        SharedVariables = ContextCodec.Read<ParameterCollection>(reader, "SharedVariables"),
                    };
                }

                var status = (OperationStatus)reader.ReadInt32();
                return new ExecuteResult(outcome)
                {
                    Status = Enum.IsDefined(status) ? status : OperationStatus.Failed,
                    Code = ValueReader.ReadString(reader),
                    Message = ValueReader.ReadString(reader),
                    Details = ValueReader.ReadString(reader),
                };
            },
            "Result");
    }
}

/// <summary>
/// A <see cref="FrameType.ServiceCall"/>: one <see cref="IOrganizationService"/> call, as the message it runs
/// (Create, Retrieve, Update, Delete, RetrieveMultiple or any request given to Execute) with its parameters.
/// </summary>
public sealed record ServiceCall(Guid? UserId, string Operation, ParameterCollection Parameters)
{
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(UserId.HasValue);
        ValueWriter.WriteGuid(writer, UserId.GetValueOrDefault());
        ValueWriter.WriteString(writer, Operation);
        ValueCodec.Write(writer, Parameters);
    }

    public static ServiceCall Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () =>
            {
                var hasUser = reader.ReadBoolean();
                var user = ValueReader.ReadGuid(reader);
                return new ServiceCall(hasUser ? user : null, ValueReader.ReadRequiredString(reader, "the operation"), ContextCodec.Read<ParameterCollection>(reader, "the call's parameters"));
            },
            "ServiceCall");
    }
}

/// <summary>
/// A <see cref="FrameType.ServiceReply"/>: the call's result value, or the fault the plug-in receives as a
/// <c>FaultException&lt;OrganizationServiceFault&gt;</c> (PluginHost's error code in its ErrorDetails).
/// </summary>
public sealed record ServiceReply(object? Value, OrganizationServiceFault? Fault)
{
    public bool Succeeded => Fault is null;

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Fault is not null);
        ValueCodec.Write(writer, Fault ?? Value);
    }

    public static ServiceReply Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () =>
            {
                var failed = reader.ReadBoolean();
                var value = ValueCodec.Read(reader);
                return !failed ? new ServiceReply(value, null)
                    : value is OrganizationServiceFault fault ? new ServiceReply(null, fault)
                    : throw new InvalidDataException("a failed reply holds no OrganizationServiceFault");
            },
            "ServiceReply");
    }
}

/// <summary>Turns a short or corrupt payload into one <see cref="InvalidDataException"/> naming the frame.</summary>
internal static class Wire
{
    public static T Read<T>(Func<T> read, string frame)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"the {frame} frame is truncated", exception);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"the {frame} frame is corrupt: {exception.Message}", exception);
        }
    }
}
