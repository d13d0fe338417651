using System;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>The plug-in interface, as every SDK version declares it.</summary>
    public interface IPlugin
    {
        /// <summary>Runs the plug-in.</summary>
        void Execute(IServiceProvider serviceProvider);
    }

    /// <summary>The tracing service, as every SDK version declares it.</summary>
    public interface ITracingService
    {
        /// <summary>Writes a line to the trace.</summary>
        void Trace(string format, params object[] args);
    }
}
