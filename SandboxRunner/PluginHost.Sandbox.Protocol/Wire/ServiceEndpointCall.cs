using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// The <see cref="ServiceCall"/> a sandboxed plug-in's <see cref="IServiceEndpointNotificationService.Execute"/> becomes:
/// the worker has no network, so the host posts the context and answers with the endpoint's response body.
/// </summary>
public static class ServiceEndpointCall
{
    /// <summary>The <see cref="ServiceCall.Operation"/> of a service-endpoint notification.</summary>
    public const string Operation = "NotifyServiceEndpoint";

    /// <summary>The <see cref="ServiceReply.ErrorCode"/> when the endpoint is unknown, unreachable, slow or answers a non-2xx status.</summary>
    public const string FailureCode = "ServiceEndpointFailed";

    private const string EndpointParameter = "ServiceEndpoint";
    private const string ContextParameter = "Context";

    /// <summary>
    /// What a plug-in sees when a notification fails, in both isolations: the one place to change should plug-ins get
    /// <c>FaultException&lt;OrganizationServiceFault&gt;</c> instead.
    /// </summary>
    public static Exception Failure(string message) => new InvalidPluginExecutionException(message);

    /// <summary>Builds the call; the context travels whole, through <see cref="ContextCodec"/>, parents included.</summary>
    public static ServiceCall Create(EntityReference endpoint, IExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ContextCodec.Write(writer, context as IPluginExecutionContext ?? Copy(context));
        }

        return new ServiceCall(null, Operation, new ParameterCollection
        {
            [EndpointParameter] = endpoint,
            [ContextParameter] = Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length),
        });
    }

    /// <summary>Reads what <see cref="Create"/> built.</summary>
    /// <exception cref="InvalidDataException">The call does not carry an endpoint and a context.</exception>
    public static (EntityReference Endpoint, IPluginExecutionContext Context) Read(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.Parameters.TryGetValue(EndpointParameter, out var endpoint) || endpoint is not EntityReference reference
            || !call.Parameters.TryGetValue(ContextParameter, out var context) || context is not string encoded)
        {
            throw new InvalidDataException($"a {Operation} call needs an EntityReference '{EndpointParameter}' and a '{ContextParameter}'");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException exception)
        {
            throw new InvalidDataException($"the context of a {Operation} call is not base64", exception);
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        return (reference, ContextCodec.Read(reader));
    }

    // A plug-in may hand over its own IExecutionContext implementation: carry what the interface has.
    private static RemoteExecutionContext Copy(IExecutionContext context) => new()
    {
        MessageName = context.MessageName,
        PrimaryEntityName = context.PrimaryEntityName,
        PrimaryEntityId = context.PrimaryEntityId,
        Depth = context.Depth,
        Mode = context.Mode,
        IsolationMode = context.IsolationMode,
        UserId = context.UserId,
        InitiatingUserId = context.InitiatingUserId,
        CorrelationId = context.CorrelationId,
        OperationId = context.OperationId,
        OperationCreatedOn = context.OperationCreatedOn,
        IsInTransaction = context.IsInTransaction,
        InputParameters = context.InputParameters,
        OutputParameters = context.OutputParameters,
        SharedVariables = context.SharedVariables,
        PreEntityImages = context.PreEntityImages,
        PostEntityImages = context.PostEntityImages,
    };
}
