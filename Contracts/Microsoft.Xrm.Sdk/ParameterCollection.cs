namespace Microsoft.Xrm.Sdk;

/// <summary>Message parameters or shared variables by name; values follow the same rules as attribute values.</summary>
public sealed class ParameterCollection : DataCollection<string, object?>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public ParameterCollection()
        : base("parameter", allowsNull: true)
    {
    }
}
