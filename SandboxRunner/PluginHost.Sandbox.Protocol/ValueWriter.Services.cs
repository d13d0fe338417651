using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol;

/// <summary>The organization-service types of tags 30–39: relationships, request batches and faults.</summary>
internal static partial class ValueWriter
{
    private static bool TryWriteServiceValue(BinaryWriter writer, object value, int depth)
    {
        switch (value)
        {
            case Relationship relationship:
                writer.Write((byte)ValueTag.Relationship);
                WriteString(writer, relationship.SchemaName);
                writer.Write(relationship.PrimaryEntityRole is { } role ? (byte)((int)role + 1) : (byte)0);
                return true;
            case EntityReferenceCollection references:
                writer.Write((byte)ValueTag.EntityReferenceCollection);
                WriteItems(writer, references, depth);
                return true;
            case OrganizationRequestCollection requests:
                writer.Write((byte)ValueTag.OrganizationRequestCollection);
                WriteItems(writer, requests, depth);
                return true;
            case OrganizationResponseCollection responses:
                writer.Write((byte)ValueTag.OrganizationResponseCollection);
                WriteItems(writer, responses, depth);
                return true;
            case ExecuteMultipleSettings settings:
                writer.Write((byte)ValueTag.ExecuteMultipleSettings);
                writer.Write(settings.ContinueOnError);
                writer.Write(settings.ReturnResponses);
                return true;
            case ExecuteMultipleResponseItemCollection items:
                writer.Write((byte)ValueTag.ExecuteMultipleResponseItemCollection);
                writer.Write7BitEncodedInt(items.Count);
                for (var index = 0; index < items.Count; index++)
                {
                    var item = items[index] ?? throw NullItem("ExecuteMultipleResponseItemCollection", index);
                    writer.Write(item.RequestIndex);
                    WriteValue(writer, item.Response, depth + 1);
                    WriteValue(writer, item.Fault, depth + 1);
                }

                return true;
            case OrganizationServiceFault fault:
                writer.Write((byte)ValueTag.OrganizationServiceFault);
                writer.Write(fault.ErrorCode);
                WriteString(writer, fault.Message);
                WriteDateTime(writer, fault.Timestamp);
                WriteString(writer, fault.TraceText);
                WriteString(writer, fault.HelpLink);
                WriteValues(writer, fault.ErrorDetails, depth);
                WriteValue(writer, fault.InnerFault, depth + 1);
                return true;
            default:
                return false;
        }
    }

    private static void WriteItems<T>(BinaryWriter writer, IList<T> items, int depth)
    {
        writer.Write7BitEncodedInt(items.Count);
        foreach (var item in items)
        {
            WriteValue(writer, item, depth + 1);
        }
    }
}
