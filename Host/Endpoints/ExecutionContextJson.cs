using System.Globalization;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Http;

namespace PluginHost.Host.Endpoints;

/// <summary>
/// The JSON body a service endpoint receives: the execution context's fields in camelCase, with parameters, shared
/// variables and images written in the typed-value JSON of the entity API (<see cref="TypedJson"/>).
/// </summary>
internal static class ExecutionContextJson
{
    /// <summary>The deepest parent chain written; deeper parents are left out rather than posting an unbounded body.</summary>
    private const int MaxParents = 16;

    public static byte[] Serialize(IExecutionContext context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, context, MaxParents);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, IExecutionContext context, int parentsLeft)
    {
        var plugin = context as IPluginExecutionContext;
        writer.WriteStartObject();
        writer.WriteString("messageName", context.MessageName);
        writer.WriteString("primaryEntityName", context.PrimaryEntityName);
        writer.WriteString("primaryEntityId", context.PrimaryEntityId);
        if (plugin is not null)
        {
            writer.WriteNumber("stage", plugin.Stage);
        }

        writer.WriteNumber("mode", context.Mode);
        writer.WriteNumber("depth", context.Depth);
        writer.WriteNumber("isolationMode", context.IsolationMode);
        writer.WriteString("userId", context.UserId);
        writer.WriteString("initiatingUserId", context.InitiatingUserId);
        writer.WriteString("correlationId", context.CorrelationId);
        writer.WriteString("operationId", context.OperationId);
        writer.WriteString("operationCreatedOn", context.OperationCreatedOn.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        writer.WriteBoolean("isInTransaction", context.IsInTransaction);
        writer.WritePropertyName("inputParameters");
        TypedJson.WriteParameters(writer, context.InputParameters);
        writer.WritePropertyName("outputParameters");
        TypedJson.WriteParameters(writer, context.OutputParameters);
        writer.WritePropertyName("sharedVariables");
        TypedJson.WriteParameters(writer, context.SharedVariables);
        WriteImages(writer, "preEntityImages", context.PreEntityImages);
        WriteImages(writer, "postEntityImages", context.PostEntityImages);
        writer.WritePropertyName("parentContext");
        if (plugin?.ParentContext is { } parent && parentsLeft > 0)
        {
            Write(writer, parent, parentsLeft - 1);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }

    private static void WriteImages(Utf8JsonWriter writer, string property, EntityImageCollection images)
    {
        writer.WritePropertyName(property);
        writer.WriteStartObject();
        foreach (var image in images)
        {
            writer.WritePropertyName(image.Key);
            TypedJson.WriteValue(writer, image.Value);
        }

        writer.WriteEndObject();
    }
}
