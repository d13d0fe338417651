namespace Microsoft.Xrm.Sdk;

/// <summary>How typed requests and responses read the parameters they keep in their collection.</summary>
internal static class ParameterValues
{
    /// <summary>The value under <paramref name="name"/>, or the default when it is absent or of another type.</summary>
    public static T? Get<T>(ParameterCollection parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value is T typed ? typed : default;
}
