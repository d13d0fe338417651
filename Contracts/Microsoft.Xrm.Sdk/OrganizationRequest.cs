namespace Microsoft.Xrm.Sdk;

/// <summary>A request for any message, built-in or custom, for <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public class OrganizationRequest
{
    private string _requestName;

    /// <summary>Initializes a new request whose <see cref="RequestName"/> is empty until set, for initializer syntax.</summary>
    public OrganizationRequest()
    {
        _requestName = string.Empty;
    }

    /// <summary>Initializes a new request for the given message.</summary>
    /// <param name="requestName">The message's name, such as "Create" or a custom message's name.</param>
    public OrganizationRequest(string requestName)
    {
        Guard.NotNullOrEmpty(requestName, nameof(requestName));
        _requestName = requestName;
    }

    /// <summary>Gets or sets the message's name; it cannot be set to null or empty.</summary>
    public string RequestName
    {
        get => _requestName;
        set
        {
            Guard.NotNullOrEmpty(value, nameof(value));
            _requestName = value;
        }
    }

    /// <summary>Gets the message's input parameters, such as "Target".</summary>
    public ParameterCollection Parameters { get; } = [];

    /// <summary>Gets a parameter (throws <see cref="KeyNotFoundException"/> when absent), or adds or replaces it.</summary>
    /// <param name="parameterName">The parameter's name.</param>
    public object? this[string parameterName]
    {
        get => Parameters[parameterName];
        set => Parameters[parameterName] = value;
    }
}
