using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>Writes every field of an execution context, its parent chain included, and reads it back.</summary>
public static class ContextCodec
{
    /// <summary>
    /// The longest chain of contexts (a context and its parents) written or read: longer is corrupt data. It is also
    /// the ceiling of the host's MaxDepth setting (8 by default), so that every depth the pipeline allows can cross.
    /// </summary>
    public const int MaxParents = 1000;

    /// <summary>Writes <paramref name="context"/> and its parents.</summary>
    public static void Write(BinaryWriter writer, IPluginExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var parents = 0;
        for (var current = context; current is not null; current = current.ParentContext)
        {
            if (++parents > MaxParents)
            {
                throw new ArgumentException($"the context has more than {MaxParents} parents", nameof(context));
            }

            writer.Write(true);
            WriteOne(writer, current);
        }

        writer.Write(false);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt.</exception>
    public static RemoteExecutionContext Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var chain = new List<Func<IPluginExecutionContext?, RemoteExecutionContext>>();
        try
        {
            while (reader.ReadBoolean())
            {
                if (chain.Count == MaxParents)
                {
                    throw new InvalidDataException($"the context has more than {MaxParents} parents");
                }

                chain.Add(ReadOne(reader));
            }
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("the execution context is truncated", exception);
        }

        if (chain.Count == 0)
        {
            throw new InvalidDataException("the execution context is missing");
        }

        // Build from the outermost parent inwards, so each context gets its parent at construction.
        IPluginExecutionContext? parent = null;
        for (var index = chain.Count - 1; index >= 0; index--)
        {
            parent = chain[index](parent);
        }

        return (RemoteExecutionContext)parent!;
    }

    private static void WriteOne(BinaryWriter writer, IPluginExecutionContext context)
    {
        ValueWriter.WriteString(writer, context.MessageName);
        ValueWriter.WriteString(writer, context.PrimaryEntityName);
        ValueWriter.WriteGuid(writer, context.PrimaryEntityId);
        writer.Write(context.Depth);
        writer.Write(context.Mode);
        writer.Write(context.IsolationMode);
        writer.Write(context.Stage);
        ValueWriter.WriteGuid(writer, context.UserId);
        ValueWriter.WriteGuid(writer, context.InitiatingUserId);
        ValueWriter.WriteGuid(writer, context.CorrelationId);
        ValueWriter.WriteGuid(writer, context.OperationId);
        ValueWriter.WriteDateTime(writer, context.OperationCreatedOn);
        writer.Write(context.IsInTransaction);
        ValueCodec.Write(writer, context.InputParameters);
        ValueCodec.Write(writer, context.OutputParameters);
        ValueCodec.Write(writer, context.SharedVariables);
        ValueCodec.Write(writer, context.PreEntityImages);
        ValueCodec.Write(writer, context.PostEntityImages);
        WriteEnvironment(writer, context);
    }

    /// <summary>
    /// The members of the later context interfaces; a context that lacks them (one written by an older host) writes
    /// their defaults.
    /// </summary>
    private static void WriteEnvironment(BinaryWriter writer, IPluginExecutionContext context)
    {
        var latest = context as IPluginExecutionContext7;
        ValueWriter.WriteGuid(writer, context.BusinessUnitId);
        ValueWriter.WriteGuid(writer, context.OrganizationId);
        ValueWriter.WriteString(writer, context.OrganizationName);
        ValueWriter.WriteString(writer, context.SecondaryEntityName);
        ValueCodec.Write(writer, context.OwningExtension ?? new EntityReference());
        writer.Write(context.RequestId.HasValue);
        ValueWriter.WriteGuid(writer, context.RequestId ?? Guid.Empty);
        writer.Write(context.IsExecutingOffline);
        writer.Write(context.IsOfflinePlayback);
        ValueWriter.WriteGuid(writer, latest?.UserAzureActiveDirectoryObjectId ?? Guid.Empty);
        ValueWriter.WriteGuid(writer, latest?.InitiatingUserAzureActiveDirectoryObjectId ?? Guid.Empty);
        ValueWriter.WriteGuid(writer, latest?.InitiatingUserApplicationId ?? Guid.Empty);
        ValueWriter.WriteGuid(writer, latest?.PortalsContactId ?? Guid.Empty);
        writer.Write(latest?.IsPortalsClientCall ?? false);
        ValueWriter.WriteGuid(writer, latest?.AuthenticatedUserId ?? context.InitiatingUserId);
        ValueWriter.WriteString(writer, latest?.InitiatingUserAgent ?? "");
        ValueWriter.WriteString(writer, latest?.EnvironmentId ?? "");
        ValueWriter.WriteString(writer, latest?.TenantId ?? "");
        writer.Write(latest?.IsApplicationUser ?? false);
    }

    private static Func<IPluginExecutionContext?, RemoteExecutionContext> ReadOne(BinaryReader reader)
    {
        var messageName = ValueReader.ReadString(reader) ?? "";
        var entityName = ValueReader.ReadString(reader) ?? "";
        var entityId = ValueReader.ReadGuid(reader);
        var depth = reader.ReadInt32();
        var mode = reader.ReadInt32();
        var isolation = reader.ReadInt32();
        var stage = reader.ReadInt32();
        var userId = ValueReader.ReadGuid(reader);
        var initiatingUserId = ValueReader.ReadGuid(reader);
        var correlationId = ValueReader.ReadGuid(reader);
        var operationId = ValueReader.ReadGuid(reader);
        var createdOn = ValueReader.ReadDateTime(reader);
        var inTransaction = reader.ReadBoolean();
        var input = Read<ParameterCollection>(reader, "InputParameters");
        var output = Read<ParameterCollection>(reader, "OutputParameters");
        var shared = Read<ParameterCollection>(reader, "SharedVariables");
        var pre = Read<EntityImageCollection>(reader, "PreEntityImages");
        var post = Read<EntityImageCollection>(reader, "PostEntityImages");
        var businessUnitId = ValueReader.ReadGuid(reader);
        var organizationId = ValueReader.ReadGuid(reader);
        var organizationName = ValueReader.ReadString(reader) ?? "";
        var secondaryEntityName = ValueReader.ReadString(reader) ?? "";
        var owningExtension = Read<EntityReference>(reader, "OwningExtension");
        var hasRequestId = reader.ReadBoolean();
        var requestId = ValueReader.ReadGuid(reader);
        var offline = reader.ReadBoolean();
        var offlinePlayback = reader.ReadBoolean();
        var userObjectId = ValueReader.ReadGuid(reader);
        var initiatingObjectId = ValueReader.ReadGuid(reader);
        var applicationId = ValueReader.ReadGuid(reader);
        var portalsContactId = ValueReader.ReadGuid(reader);
        var portalsCall = reader.ReadBoolean();
        var authenticatedUserId = ValueReader.ReadGuid(reader);
        var userAgent = ValueReader.ReadString(reader) ?? "";
        var environmentId = ValueReader.ReadString(reader) ?? "";
        var tenantId = ValueReader.ReadString(reader) ?? "";
        var applicationUser = reader.ReadBoolean();
        return parent => new RemoteExecutionContext
        {
            MessageName = messageName,
            PrimaryEntityName = entityName,
            PrimaryEntityId = entityId,
            Depth = depth,
            Mode = mode,
            IsolationMode = isolation,
            Stage = stage,
            UserId = userId,
            InitiatingUserId = initiatingUserId,
            CorrelationId = correlationId,
            OperationId = operationId,
            OperationCreatedOn = createdOn,
            IsInTransaction = inTransaction,
            InputParameters = input,
            OutputParameters = output,
            SharedVariables = shared,
            PreEntityImages = pre,
            PostEntityImages = post,
            ParentContext = parent,
            BusinessUnitId = businessUnitId,
            OrganizationId = organizationId,
            OrganizationName = organizationName,
            SecondaryEntityName = secondaryEntityName,
            OwningExtension = owningExtension,
            RequestId = hasRequestId ? requestId : null,
            IsExecutingOffline = offline,
            IsOfflinePlayback = offlinePlayback,
            UserAzureActiveDirectoryObjectId = userObjectId,
            InitiatingUserAzureActiveDirectoryObjectId = initiatingObjectId,
            InitiatingUserApplicationId = applicationId,
            PortalsContactId = portalsContactId,
            IsPortalsClientCall = portalsCall,
            AuthenticatedUserId = authenticatedUserId,
            InitiatingUserAgent = userAgent,
            EnvironmentId = environmentId,
            TenantId = tenantId,
            IsApplicationUser = applicationUser,
        };
    }

    /// <summary>Reads one value that must be of type <typeparamref name="T"/>.</summary>
    internal static T Read<T>(BinaryReader reader, string what)
        where T : class =>
        ValueCodec.Read(reader) as T ?? throw new InvalidDataException($"{what} is not a {typeof(T).Name}");
}
