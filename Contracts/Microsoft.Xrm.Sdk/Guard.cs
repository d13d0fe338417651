namespace Microsoft.Xrm.Sdk;

/// <summary>Argument checks that netstandard2.0 lacks (ArgumentException.ThrowIfNullOrEmpty and friends).</summary>
internal static class Guard
{
    public static T NotNull<T>(T? value, string parameterName)
        where T : class =>
        value ?? throw new ArgumentNullException(parameterName);

    public static string NotNullOrEmpty(string? value, string parameterName) =>
        value is null ? throw new ArgumentNullException(parameterName)
        : value.Length == 0 ? throw new ArgumentException("The value cannot be an empty string.", parameterName)
        : value;
}
