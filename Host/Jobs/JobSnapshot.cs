using PluginHost.Contracts;
using PluginHost.Host.Pipeline;
using PluginHost.Sandbox.Protocol;

namespace PluginHost.Host.Jobs;

/// <summary>
/// The context an async step receives, frozen at commit and stored with its job: the operation's fields, its
/// parameters, a copy of its shared variables and the step's images.
/// </summary>
internal static class JobSnapshot
{
    private const byte FormatVersion = 1;

    public static byte[] Write(StepContext context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FormatVersion);
            writer.Write(context.MessageName);
            writer.Write(context.PrimaryEntityName);
            writer.Write(context.PrimaryEntityId.ToByteArray());
            writer.Write(context.Depth);
            writer.Write(context.UserId.ToByteArray());
            writer.Write(context.InitiatingUserId.ToByteArray());
            writer.Write(context.CorrelationId.ToByteArray());
            writer.Write(context.OperationId.ToByteArray());
            writer.Write(context.OperationCreatedOn.Ticks);
            ValueCodec.Write(writer, context.InputParameters);
            ValueCodec.Write(writer, context.OutputParameters);
            ValueCodec.Write(writer, context.SharedVariables);
            ValueCodec.Write(writer, context.PreEntityImages);
            ValueCodec.Write(writer, context.PostEntityImages);
        }

        return buffer.ToArray();
    }

    public static StepContext Read(byte[] snapshot, StepRegistration step)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException("the job was queued by a different version of PluginHost");
        }

        var operation = new Operation
        {
            MessageName = reader.ReadString(),
            PrimaryEntityName = reader.ReadString(),
            PrimaryEntityId = new Guid(reader.ReadBytes(16)),
            Depth = reader.ReadInt32(),
            UserId = new Guid(reader.ReadBytes(16)),
            InitiatingUserId = new Guid(reader.ReadBytes(16)),
            CorrelationId = new Guid(reader.ReadBytes(16)),
            OperationId = new Guid(reader.ReadBytes(16)),
            OperationCreatedOn = new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
            InputParameters = (ParameterCollection)ValueCodec.Read(reader)!,
            OutputParameters = (ParameterCollection)ValueCodec.Read(reader)!,
            SharedVariables = (ParameterCollection)ValueCodec.Read(reader)!,
        };
        var pre = (EntityImageCollection)ValueCodec.Read(reader)!;
        var post = (EntityImageCollection)ValueCodec.Read(reader)!;
        return new StepContext(operation, step, pre, post);
    }
}
