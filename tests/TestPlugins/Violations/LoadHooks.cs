using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TestPlugins.Violations;

/// <summary>Attributes that run or reach code outside the step: ModuleInitializer, UnsafeAccessor, UnmanagedCallersOnly.</summary>
public static class LoadHooks
{
    [ModuleInitializer]
    internal static void OnAssemblyLoad()
    {
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_size")]
    public static extern ref int ListSize(List<int> list);

    [UnmanagedCallersOnly]
    public static int NativeCallback(int value) => value;
}
