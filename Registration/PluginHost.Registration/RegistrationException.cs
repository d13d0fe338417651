namespace PluginHost.Registration;

/// <summary>A registration was refused; each problem is one user-facing sentence naming the input.</summary>
public sealed class RegistrationException : Exception
{
    /// <summary>Creates the exception for one problem.</summary>
    public RegistrationException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception for one or more problems.</summary>
    public RegistrationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>The problems, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
