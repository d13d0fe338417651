using PluginHost.Host.Pipeline;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Jobs;

/// <summary>
/// The context an async step receives, frozen at commit and stored with its job: the operation's fields, its
/// parameters, a copy of its shared variables and the step's images, in the sandbox's wire format.
/// </summary>
internal static class JobSnapshot
{
    private const byte FormatVersion = 3;

    public static byte[] Write(StepContext context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FormatVersion);
            ContextCodec.Write(writer, context);
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

        var frozen = ContextCodec.Read(reader);
        var operation = new Operation
        {
            MessageName = frozen.MessageName,
            PrimaryEntityName = frozen.PrimaryEntityName,
            PrimaryEntityId = frozen.PrimaryEntityId,
            Depth = frozen.Depth,
            UserId = frozen.UserId,
            InitiatingUserId = frozen.InitiatingUserId,
            CorrelationId = frozen.CorrelationId,
            OrganizationId = frozen.OrganizationId,
            OrganizationName = frozen.OrganizationName,
            InitiatingUserAgent = frozen.InitiatingUserAgent,
            RequestId = frozen.RequestId,
            OperationId = frozen.OperationId,
            OperationCreatedOn = frozen.OperationCreatedOn,
            InputParameters = frozen.InputParameters,
            OutputParameters = frozen.OutputParameters,
            SharedVariables = frozen.SharedVariables,
        };
        return new StepContext(operation, step, frozen.PreEntityImages, frozen.PostEntityImages);
    }
}
