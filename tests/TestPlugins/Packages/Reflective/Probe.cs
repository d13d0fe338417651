using System.Reflection;

namespace PackageFixtures.Reflective;

/// <summary>
/// A dependency that uses disallowed APIs (reflection invoke, the file system), as common libraries do: a sandboxed
/// package that carries it is refused until an admin trusts this exact assembly.
/// </summary>
public static class Probe
{
    /// <summary>Calls <c>ToString()</c> on the value through reflection.</summary>
    public static string Describe(object value)
    {
        MethodInfo toString = value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)!;
        return (string)toString.Invoke(value, null)!;
    }

    /// <summary>The file's text, or null when there is no such file.</summary>
    public static string? ReadIfPresent(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
