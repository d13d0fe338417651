namespace TestPlugins.Violations;

/// <summary>Unsafe code: pointers, function pointers and calli.</summary>
public static unsafe class UnsafeCode
{
    public static int ReadPointer(int* pointer) => *pointer;

    public static int TakesFunctionPointer(delegate*<int, int> function) => function == null ? 0 : 1;

    public static int CallThroughFunctionPointer()
    {
        delegate*<int, int> square = &Square;
        return square(3);
    }

    private static int Square(int value) => value * value;
}
