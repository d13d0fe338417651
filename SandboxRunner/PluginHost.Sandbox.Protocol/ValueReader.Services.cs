using System.Collections.ObjectModel;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol;

/// <summary>Reads the organization-service types of tags 30–39 that <see cref="ValueWriter"/> writes.</summary>
internal static partial class ValueReader
{
    private static object ReadServiceValue(BinaryReader reader, ValueTag tag, int depth) => tag switch
    {
        ValueTag.Relationship => ReadRelationship(reader),
        ValueTag.EntityReferenceCollection => ReadItems(reader, new EntityReferenceCollection(), depth),
        ValueTag.OrganizationRequestCollection => ReadItems(reader, new OrganizationRequestCollection(), depth),
        ValueTag.OrganizationResponseCollection => ReadItems(reader, new OrganizationResponseCollection(), depth),
        ValueTag.ExecuteMultipleSettings => new ExecuteMultipleSettings { ContinueOnError = ReadBoolean(reader), ReturnResponses = ReadBoolean(reader) },
        ValueTag.ExecuteMultipleResponseItemCollection => ReadResponseItems(reader, depth),
        ValueTag.OrganizationServiceFault => ReadFault(reader, depth),
        _ => throw Corrupt($"unknown type tag {(byte)tag}"),
    };

    private static Relationship ReadRelationship(BinaryReader reader)
    {
        var relationship = new Relationship(ReadString(reader)!);
        var role = reader.ReadByte();
        relationship.PrimaryEntityRole = role switch
        {
            0 => null,
            1 or 2 => (EntityRole)(role - 1),
            _ => throw Corrupt($"a Relationship has the role byte {role}"),
        };
        return relationship;
    }

    /// <summary>Fills <paramref name="items"/> (whose runtime type is what the caller gets back) with tagged items.</summary>
    private static Collection<T> ReadItems<T>(BinaryReader reader, Collection<T> items, int depth)
        where T : class
    {
        var what = items.GetType().Name;
        var count = ReadCount(reader, TaggedValueBytes, $"a {what}");
        for (var index = 0; index < count; index++)
        {
            items.Add(ReadAs<T>(reader, depth, $"item {index} of a {what}")!);
        }

        return items;
    }

    private static ExecuteMultipleResponseItemCollection ReadResponseItems(BinaryReader reader, int depth)
    {
        var items = new ExecuteMultipleResponseItemCollection();
        var count = ReadCount(reader, sizeof(int) + (2 * TaggedValueBytes), "an ExecuteMultipleResponseItemCollection");
        for (var index = 0; index < count; index++)
        {
            items.Add(new ExecuteMultipleResponseItem
            {
                RequestIndex = reader.ReadInt32(),
                Response = ReadAs<OrganizationResponse>(reader, depth, "an item's response"),
                Fault = ReadAs<OrganizationServiceFault>(reader, depth, "an item's fault"),
            });
        }

        return items;
    }

    private static OrganizationServiceFault ReadFault(BinaryReader reader, int depth)
    {
        CheckDepth(depth);
        var fault = new OrganizationServiceFault
        {
            ErrorCode = reader.ReadInt32(),
            Message = ReadString(reader),
            Timestamp = ReadDateTime(reader),
            TraceText = ReadString(reader),
            HelpLink = ReadString(reader),
        };
        ReadValues(reader, fault.ErrorDetails, depth);
        fault.InnerFault = ReadAs<OrganizationServiceFault>(reader, depth, "an inner fault");
        return fault;
    }

    private static T? ReadAs<T>(BinaryReader reader, int depth, string what)
        where T : class =>
        ReadValue(reader, depth + 1) switch
        {
            null => null,
            T typed => typed,
            var other => throw Corrupt($"{what} is a {other.GetType().Name}"),
        };
}
