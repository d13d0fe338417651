using System.Net.Sockets;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Loading;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.SandboxRunner;

/// <summary>Serves the host's frames on one socket: keeps plug-in units, runs steps, forwards service calls.</summary>
/// <param name="cacheFolder">The worker's private plug-in cache, inside its own temporary folder.</param>
internal sealed class Worker(Socket socket, int maxFrameBytes, string confinement, string cacheFolder) : IDisposable
{
    private readonly FrameChannel _channel = new(socket, maxFrameBytes);
    private readonly PluginCatalog _catalog = new(new UnitCache(cacheFolder));
    private readonly Lock _channelLock = new();
    private bool _executing;

    /// <summary>Runs until the host closes the socket; the process exit code.</summary>
    public int Run()
    {
        lock (_channelLock)
        {
            new Hello(FrameChannel.ProtocolVersion, Environment.ProcessId, confinement).Write(_channel.Begin(FrameType.Hello));
            _channel.Send();
        }

        while (true)
        {
            Frame frame;
            try
            {
                frame = _channel.Receive(Timeout.InfiniteTimeSpan);
            }
            catch (EndOfStreamException)
            {
                return 0;
            }

            switch (frame.Type)
            {
                case FrameType.LoadAssembly:
                case FrameType.LoadUnit:
                    try
                    {
                        if (frame.Type == FrameType.LoadAssembly)
                        {
                            _catalog.AddFile(LoadAssembly.Read(frame.Payload));
                        }
                        else
                        {
                            _catalog.AddUnit(LoadUnit.Read(frame.Payload));
                        }
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
                    {
                        // A file that cannot be written, bytes that do not match their hash, a name that is no plain
                        // file name: the host sees the worker end and replaces it.
                        Console.Error.WriteLine($"error: cannot keep the plug-in files the host sent: {exception.Message}");
                        return 6;
                    }

                    break;
                case FrameType.Execute:
                    var request = ExecuteRequest.Read(frame.Payload);
                    var result = Execute(request);
                    try
                    {
                        Send(FrameType.Result, result.Write);
                    }
                    catch (Exception exception) when (exception is NotSupportedException or ArgumentException or FrameTooLargeException)
                    {
                        // A value the plug-in left in its parameters cannot cross (a type the codec has no tag for, a
                        // result over the frame limit): that is the plug-in's failure, not a crash of this worker.
                        result = new ExecuteResult(ExecuteOutcome.PluginThrew)
                        {
                            Message = $"{request.TypeName} left a value the sandbox cannot send back: {exception.Message}",
                        };
                        Send(FrameType.Result, result.Write);
                    }

                    if (result.Outcome == ExecuteOutcome.OutOfMemory)
                    {
                        // The heap is at its limit and anything may be half-done: let the host replace this worker.
                        return 0;
                    }

                    break;
                default:
                    Console.Error.WriteLine($"error: unexpected {frame.Type} frame from the host");
                    return 5;
            }
        }
    }

    public void Dispose() => _channel.Dispose();

    private ExecuteResult Execute(ExecuteRequest request)
    {
        IPlugin plugin;
        try
        {
            plugin = _catalog.Instance(request);
        }
        catch (PluginCatalog.CannotRunException exception)
        {
            return new ExecuteResult(ExecuteOutcome.CannotRun) { Message = exception.Message };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Threw(request.TypeName, "its constructor", exception);
        }
        catch (OutOfMemoryException exception)
        {
            return OutOfMemory(exception);
        }

        var context = (RemoteExecutionContext)request.Context;
        var services = new RemoteServices(context, this);
        _executing = true;
        try
        {
            plugin.Execute(services);
            return new ExecuteResult(ExecuteOutcome.Succeeded)
            {
                InputParameters = context.InputParameters,
                OutputParameters = context.OutputParameters,
                SharedVariables = context.SharedVariables,
            };
        }
        catch (InvalidPluginExecutionException exception)
        {
            return new ExecuteResult(ExecuteOutcome.PluginRefused) { Status = exception.Status, Message = SafeMessage(exception), Details = SafeDetails(exception) };
        }
        catch (FaultException<OrganizationServiceFault> exception)
        {
            // An organization-service call failed and the plug-in let it through: the step fails with the call's own code.
            return new ExecuteResult(ExecuteOutcome.ServiceFault)
            {
                Code = ServiceFaults.CodeOf(exception.Detail),
                Message = exception.Detail?.Message ?? SafeMessage(exception),
                Details = SafeDetails(exception),
            };
        }
        catch (OutOfMemoryException exception)
        {
            return OutOfMemory(exception);
        }
        catch (Exception exception)
        {
            return Threw(request.TypeName, "Execute", exception);
        }
        finally
        {
            _executing = false;
        }
    }

    /// <summary>Sends a frame from the plug-in's thread or the worker's; one at a time.</summary>
    public void Send(FrameType type, Action<BinaryWriter> write)
    {
        lock (_channelLock)
        {
            write(_channel.Begin(type));
            _channel.Send();
        }
    }

    /// <summary>Sends a service call and waits for the host's reply (the host sends nothing else meanwhile).</summary>
    public ServiceReply Call(ServiceCall call)
    {
        lock (_channelLock)
        {
            if (!_executing)
            {
                throw new InvalidOperationException("the organization service can only be used while the plug-in's Execute is running");
            }

            call.Write(_channel.Begin(FrameType.ServiceCall));
            _channel.Send();
            var frame = _channel.Receive(Timeout.InfiniteTimeSpan);
            return frame.Type == FrameType.ServiceReply
                ? ServiceReply.Read(frame.Payload)
                : throw new InvalidDataException($"expected the reply to a service call, got a {frame.Type} frame");
        }
    }

    private static ExecuteResult Threw(string typeName, string where, Exception exception) => new(ExecuteOutcome.PluginThrew)
    {
        Message = $"{typeName} threw {exception.GetType().FullName} in {where}: {SafeMessage(exception)}",
        Details = SafeDetails(exception),
    };

    private static ExecuteResult OutOfMemory(OutOfMemoryException exception) => new(ExecuteOutcome.OutOfMemory)
    {
        Message = "the plug-in exceeded the sandbox memory limit",
        Details = SafeDetails(exception),
    };

    // An exception is the plug-in's object: its Message and ToString are its code and may throw.
    private static string SafeMessage(Exception exception)
    {
        try
        {
            return exception.Message;
        }
        catch (Exception inner) when (inner is not OutOfMemoryException)
        {
            return $"(the exception's message could not be read: {inner.GetType().Name})";
        }
    }

    private static string SafeDetails(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception inner) when (inner is not OutOfMemoryException)
        {
            return $"{exception.GetType().FullName} (details could not be read: {inner.GetType().Name})";
        }
    }
}
