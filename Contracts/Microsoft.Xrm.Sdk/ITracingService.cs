namespace Microsoft.Xrm.Sdk;

/// <summary>Writes lines to the trace log of the current step execution.</summary>
public interface ITracingService
{
    /// <summary>Appends one line, formatted like <see cref="string.Format(string, object?[])"/>, to the step's trace.</summary>
    void Trace(string format, params object?[] args);
}
