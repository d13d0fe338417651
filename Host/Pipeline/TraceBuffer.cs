using System.Text;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Pipeline;

/// <summary>Collects a plug-in's trace lines, keeping the last 10 KB, as Dataverse does.</summary>
internal sealed class TraceBuffer : ITracingService
{
    public const int MaxCharacters = 10 * 1024;

    private readonly StringBuilder _text = new();

    public void Trace(string format, params object?[] args) => Append(TraceLine.Format(format, args));

    /// <summary>Adds text that arrived from elsewhere (a sandbox worker).</summary>
    public void Append(string line)
    {
        lock (_text)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > MaxCharacters)
            {
                _text.Remove(0, _text.Length - MaxCharacters);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
