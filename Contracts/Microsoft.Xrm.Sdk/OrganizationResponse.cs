namespace Microsoft.Xrm.Sdk;

/// <summary>The outcome of <see cref="IOrganizationService.Execute(OrganizationRequest)"/>: the message's output parameters.</summary>
public class OrganizationResponse
{
    private string _responseName = string.Empty;

    /// <summary>Gets or sets the name of the message that produced this response; it cannot be set to null.</summary>
    public string ResponseName
    {
        get => _responseName;
        set
        {
            Guard.NotNull(value, nameof(value));
            _responseName = value;
        }
    }

    /// <summary>Gets the message's output parameters, such as "id" after a Create.</summary>
    public ParameterCollection Results { get; } = [];

    /// <summary>Gets an output parameter (throws <see cref="KeyNotFoundException"/> when absent), or adds or replaces it.</summary>
    /// <param name="parameterName">The parameter's name.</param>
    public object? this[string parameterName]
    {
        get => Results[parameterName];
        set => Results[parameterName] = value;
    }
}
