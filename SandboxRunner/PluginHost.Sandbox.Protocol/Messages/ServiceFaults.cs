using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol.Messages;

/// <summary>
/// Turns PluginHost's error codes (SPEC §8) into the <see cref="FaultException{OrganizationServiceFault}"/> that Dataverse
/// plug-ins catch, and back: the fault's <see cref="OrganizationServiceFault.ErrorCode"/> is Dataverse's number where
/// one exists and PluginHost's code travels in <see cref="OrganizationServiceFault.ErrorDetails"/> under <see cref="CodeKey"/>.
/// </summary>
public static class ServiceFaults
{
    /// <summary>The <see cref="OrganizationServiceFault.ErrorDetails"/> key that holds PluginHost's error code, such as "NotFound".</summary>
    public const string CodeKey = "PluginHost.ErrorCode";

    /// <summary>0x80040217: the record (or message) does not exist.</summary>
    public const int ObjectDoesNotExist = unchecked((int)0x80040217);

    /// <summary>0x80040237: a record or link with that key already exists.</summary>
    public const int DuplicateRecord = unchecked((int)0x80040237);

    /// <summary>0x80040265: a plug-in refused the operation with InvalidPluginExecutionException.</summary>
    public const int PluginFailed = unchecked((int)0x80040265);

    /// <summary>0x80040203: the request's arguments are invalid.</summary>
    public const int InvalidArgument = unchecked((int)0x80040203);

    /// <summary>0x80040216: any other failure (a loop, a plug-in error, a sandbox failure); ErrorDetails names it.</summary>
    public const int UnexpectedError = unchecked((int)0x80040216);

    /// <summary>Dataverse's number for one of PluginHost's codes.</summary>
    public static int ErrorCodeFor(string code) => code switch
    {
        "NotFound" => ObjectDoesNotExist,
        "PluginFailed" => PluginFailed,
        "BadRequest" => InvalidArgument,
        _ => UnexpectedError,
    };

    /// <summary>The fault for PluginHost's <paramref name="code"/> and the message the caller may read.</summary>
    /// <param name="code">PluginHost's error code, such as "NotFound".</param>
    /// <param name="message">The message.</param>
    /// <param name="errorCode">Dataverse's number when it is more precise than the code's (a duplicate is a BadRequest).</param>
    public static OrganizationServiceFault Describe(string code, string message, int? errorCode = null)
    {
        var fault = new OrganizationServiceFault
        {
            ErrorCode = errorCode ?? ErrorCodeFor(code),
            Message = message,
            Timestamp = DateTime.UtcNow,
        };
        fault.ErrorDetails[CodeKey] = code;
        return fault;
    }

    /// <summary>PluginHost's code of a fault: the one it carries, else PluginError.</summary>
    public static string CodeOf(OrganizationServiceFault? fault) =>
        fault?.ErrorDetails.TryGetValue(CodeKey, out var code) == true && code is string text && text.Length > 0 ? text : "PluginError";

    /// <summary>The exception an organization-service call throws for <paramref name="fault"/>.</summary>
    public static FaultException<OrganizationServiceFault> Exception(OrganizationServiceFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message ?? CodeOf(fault)));
    }
}
