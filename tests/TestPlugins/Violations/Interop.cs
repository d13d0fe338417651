using System.Runtime.InteropServices;

namespace TestPlugins.Violations;

/// <summary>Interop: Marshal, NativeLibrary, GCHandle and a DllImport P/Invoke.</summary>
public static class Interop
{
    public static IntPtr AllocateUnmanaged() => Marshal.AllocHGlobal(16);

    public static IntPtr LoadNativeLibrary() => NativeLibrary.Load("libc.so.6");

    public static void Pin(byte[] buffer)
    {
        var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        handle.Free();
    }

    [DllImport("libc", EntryPoint = "getpid")]
    public static extern int GetProcessId();
}
