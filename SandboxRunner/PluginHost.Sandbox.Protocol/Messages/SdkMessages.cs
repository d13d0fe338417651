using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace PluginHost.Sandbox.Protocol.Messages;

/// <summary>
/// The typed requests and responses of both SDK assemblies by message name, found once by reflection: the host and
/// the sandbox worker both turn a name and its parameters back into <c>CreateResponse</c>, <c>WhoAmIResponse</c>… so
/// that a plug-in's cast of <see cref="IOrganizationService.Execute(OrganizationRequest)"/>'s answer works in both isolations.
/// </summary>
public static class SdkMessages
{
    private static readonly FrozenDictionary<string, Type> Requests = Find(typeof(OrganizationRequest), "Request");
    private static readonly FrozenDictionary<string, Type> Responses = Find(typeof(OrganizationResponse), "Response");

    /// <summary>Whether an SDK assembly declares a typed request of that name (case-sensitive, as Dataverse's are).</summary>
    public static bool IsKnown(string requestName) => Requests.ContainsKey(requestName);

    /// <summary>A new request of the typed class for <paramref name="requestName"/> (the base class for a custom message), holding the parameters.</summary>
    public static OrganizationRequest NewRequest(string requestName, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var request = Requests.TryGetValue(requestName, out var type)
            ? (OrganizationRequest)Activator.CreateInstance(type)!
            : new OrganizationRequest(requestName);
        foreach (var (key, value) in parameters)
        {
            request.Parameters[key] = value;
        }

        return request;
    }

    /// <summary>A new response of the typed class for <paramref name="responseName"/> (the base class for a custom message), holding the results.</summary>
    public static OrganizationResponse NewResponse(string responseName, IEnumerable<KeyValuePair<string, object?>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var response = Responses.TryGetValue(responseName, out var type)
            ? (OrganizationResponse)Activator.CreateInstance(type)!
            : new OrganizationResponse();
        response.ResponseName = responseName;
        foreach (var (key, value) in results)
        {
            response.Results[key] = value;
        }

        return response;
    }

    private static FrozenDictionary<string, Type> Find(Type baseType, string suffix) =>
        new[] { typeof(CreateRequest).Assembly, typeof(WhoAmIRequest).Assembly }
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type.IsSubclassOf(baseType) && !type.IsAbstract && type.Name.EndsWith(suffix, StringComparison.Ordinal)
                && type.GetConstructor(Type.EmptyTypes) is not null)
            .ToFrozenDictionary(type => type.Name[..^suffix.Length], StringComparer.Ordinal);
}
