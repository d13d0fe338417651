using System.Buffers.Binary;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.Hostile;

/// <summary>Never returns: only the execution timeout ends it.</summary>
public sealed class EndlessLoop : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        while (true)
        {
        }
    }
}

/// <summary>Calls itself until the stack overflows, which no catch block survives.</summary>
public sealed class EndlessRecursion : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => Descend(1);

    // The addition after the call keeps the JIT from turning the recursion into a loop (a tail call).
    private static long Descend(long depth) => Descend(depth + 1) + depth;
}

/// <summary>Allocates megabyte arrays and keeps every one, until the heap limit stops it.</summary>
public sealed class EndlessAllocation : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var kept = new List<byte[]>();
        while (true)
        {
            var block = new byte[1024 * 1024];
            // Touch every page so the memory is really committed, not only reserved.
            for (var offset = 0; offset < block.Length; offset += 4096)
            {
                block[offset] = 1;
            }

            kept.Add(block);
        }
    }
}

/// <summary>
/// Writes bytes to stdout that look like protocol frames (a length prefix and a frame type: a Result, a Trace, an
/// absurd length), plus text, then returns normally: stdout is not the channel, so none of it may matter.
/// </summary>
public sealed class StdoutGarbage : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var stdout = Console.OpenStandardOutput();
        stdout.Write(Frame(7, [1, 0, 0, 0, 0]));
        stdout.Write(Frame(4, [5, (byte)'f', (byte)'o', (byte)'r', (byte)'g', (byte)'e']));
        stdout.Write(Frame(7, []));
        var absurd = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(absurd, int.MaxValue);
        absurd[4] = 7;
        stdout.Write(absurd);
        stdout.Flush();
        Console.Write("\u0001\0\0\0\u0007\0 not a frame\n");
        Console.Out.Flush();
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        ((Entity)context.InputParameters["Target"]!)["garbage"] = "written";
    }

    private static byte[] Frame(byte type, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        frame[4] = type;
        payload.CopyTo(frame, 5);
        return frame;
    }
}
