namespace PluginHost.Registration.Scanning;

/// <summary>
/// One entry of the disallowed-API list. A pattern is a namespace (<c>System.Net.Sockets</c>, covering every type
/// under it) or a type (<c>System.IO.File</c>, nested as <c>Outer+Inner</c>, generic as <c>List`1</c>), which also
/// covers every member and nested type of the type; or a member, <c>Type::Member</c>
/// (<c>System.Environment::Exit</c>), optionally with a parameter list to pick overloads
/// (<c>System.Activator::CreateInstance(System.Type*)</c>). <c>*</c> matches any run of characters
/// (<c>System.Net.Sockets.*</c>, <c>System.IO.File*</c>). <c>[unsafe-pointer]</c> stands for unsafe code: pointer
/// types in any signature, IL that makes or uses unmanaged memory or turns a managed address into a number (see
/// <see cref="UnsafeInstructions"/>), and the compiler's marks of unsafe code; <c>[function-pointer]</c> for function
/// pointers, <c>calli</c> and a method's address kept as a number; <c>[pinvoke]</c> for P/Invoke declarations.
/// </summary>
public sealed record DisallowedApi(string Pattern, string Reason)
{
    /// <summary>Unsafe code: pointer types anywhere in a signature, unsafe IL, and the compiler's marks of unsafe code.</summary>
    public const string UnsafePointer = "[unsafe-pointer]";

    /// <summary>Function pointer types, <c>calli</c>, and <c>ldftn</c> outside a delegate's construction.</summary>
    public const string FunctionPointer = "[function-pointer]";

    /// <summary>P/Invoke (DllImport) declarations.</summary>
    public const string PInvoke = "[pinvoke]";

    /// <summary>Why <paramref name="pattern"/> is not a valid pattern, or null when it is.</summary>
    public static string? Validate(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "the pattern is empty: give a namespace, type or member, e.g. 'System.Net.Sockets.*' or 'System.Environment::Exit'";
        }

        if (pattern.StartsWith('['))
        {
            return pattern is UnsafePointer or FunctionPointer or PInvoke
                ? null
                : $"'{pattern}' is not a pattern: the bracketed patterns are {UnsafePointer}, {FunctionPointer} and {PInvoke}";
        }

        var parts = pattern.Split("::");
        var valid = parts.Length <= 2
            && parts.All(part => part.Length > 0)
            && pattern.All(character => char.IsLetterOrDigit(character) || "._*+`:(),[]<>".Contains(character, StringComparison.Ordinal))
            && (parts.Length == 2 || !pattern.Contains(':', StringComparison.Ordinal))
            && (!pattern.Contains('(', StringComparison.Ordinal) || (parts.Length == 2 && pattern.EndsWith(')')));
        return valid
            ? null
            : $"'{pattern}' is not a pattern: use a namespace, type or member name such as 'System.IO.File*', 'System.Net.Sockets.*' or 'System.Environment::Exit', with * as a wildcard";
    }
}

/// <summary>One use of a disallowed API: <c>API — used in Type::Method</c>.</summary>
public sealed record ApiViolation(string Api, string UsedIn)
{
    /// <summary>The form pluginreg prints.</summary>
    public override string ToString() => $"{Api} — used in {UsedIn}";
}

/// <summary>What a scan found.</summary>
public sealed class ScanReport(IReadOnlyList<ApiViolation> violations, IReadOnlyList<string> problems)
{
    /// <summary>Every distinct use of a disallowed API, ordered by where it is used.</summary>
    public IReadOnlyList<ApiViolation> Violations { get; } = violations;

    /// <summary>Structural refusals: unreadable, not IL-only, native code.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>True when there is nothing to refuse.</summary>
    public bool IsClean => Violations.Count == 0 && Problems.Count == 0;
}
