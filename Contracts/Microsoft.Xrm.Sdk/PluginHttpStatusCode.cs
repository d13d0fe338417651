using System.Diagnostics.CodeAnalysis;

namespace Microsoft.Xrm.Sdk;

/// <summary>The HTTP status a plug-in may ask for in an <see cref="InvalidPluginExecutionException"/>; the numbers are HTTP's.</summary>
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "The numbers are HTTP status codes; 0 is not one.")]
public enum PluginHttpStatusCode
{
    /// <summary>400: the request was wrong.</summary>
    BadRequest = 400,

    /// <summary>401: the caller is not authenticated.</summary>
    Unauthorized = 401,

    /// <summary>403: the caller may not do this.</summary>
    Forbidden = 403,

    /// <summary>404: the record does not exist.</summary>
    NotFound = 404,

    /// <summary>409: the request conflicts with the record's state.</summary>
    Conflict = 409,

    /// <summary>412: a precondition failed.</summary>
    PreconditionFailed = 412,

    /// <summary>500: the plug-in failed.</summary>
    InternalServerError = 500,

    /// <summary>501: the operation is not implemented.</summary>
    NotImplemented = 501,

    /// <summary>503: the service is unavailable.</summary>
    ServiceUnavailable = 503,
}
