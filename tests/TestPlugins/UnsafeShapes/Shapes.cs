using Microsoft.Xrm.Sdk;

namespace TestPlugins.UnsafeShapes;

/// <summary>A plug-in type, so the assembly is registrable but for its unsafe code.</summary>
public sealed class UnsafePlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => ArgumentNullException.ThrowIfNull(serviceProvider);
}

/// <summary>A pointer local holding a local's address: <c>ldloca</c>, <c>conv.u</c>, <c>stloc</c> of an <c>int*</c>.</summary>
public static unsafe class PointerLocal
{
    public static int WriteThroughPointer()
    {
        var value = 1;
        int* pointer = &value;
        *pointer = 2;
        return value;
    }
}

/// <summary>A local's address as a number, never stored in a pointer local: <c>ldloca</c>, <c>conv.u</c>, <c>ret</c>.</summary>
public static unsafe class AddressAsNumber
{
    public static nuint AddressOfLocal()
    {
        var value = 1;
        return (nuint)(&value);
    }
}

/// <summary>A <c>fixed</c> statement: a pinned by-ref local, then <c>conv.u</c> of it.</summary>
public static unsafe class Fixed
{
    public static int FirstElement(int[] values)
    {
        fixed (int* first = values)
        {
            return *first;
        }
    }
}

/// <summary><c>stackalloc</c> into a pointer: <c>localloc</c>.</summary>
public static unsafe class StackAllocPointer
{
    public static int Sum()
    {
        int* buffer = stackalloc int[4];
        buffer[3] = 3;
        return buffer[3];
    }
}

/// <summary><c>stackalloc</c> into a span, which C# allows in safe code: <c>localloc</c>, then Span's (void*, int) constructor.</summary>
public static class StackAllocSpan
{
    public static int Sum()
    {
        Span<int> buffer = stackalloc int[4];
        buffer[3] = 3;
        return buffer[3];
    }
}

/// <summary>A fixed-size buffer: its element is reached by adding the index to the buffer's address, no pointer in sight.</summary>
public unsafe struct FixedBuffer
{
    public fixed byte Bytes[16];

    public void Set(int index, byte value) => Bytes[index] = value;
}

/// <summary>A pointer-typed field.</summary>
public unsafe struct PointerField
{
    public int* Pointer;
}

/// <summary>A pointer-typed property.</summary>
public unsafe class PointerProperty
{
    public int* Pointer { get; set; }
}

/// <summary>An array of pointers, created with <c>newarr</c> of a pointer type specification.</summary>
public static unsafe class PointerArray
{
    public static object Make() => new int*[2];
}

/// <summary>A function-pointer-typed field.</summary>
public static unsafe class FunctionPointerField
{
    public static delegate*<int, int> Square;
}

/// <summary>Typed references, in safe C# through undocumented keywords: <c>mkrefany</c>, <c>refanyval</c>, <c>refanytype</c>, <c>arglist</c>.</summary>
public static class TypedReferences
{
    public static int MakeReference()
    {
        var value = 1;
        var reference = __makeref(value);
        return __refvalue(reference, int) + (__reftype(reference) == typeof(int) ? 1 : 0);
    }

    public static int CountArguments(__arglist) => new ArgIterator(__arglist).GetRemainingCount();
}
