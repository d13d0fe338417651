namespace TestPlugins.Violations;

/// <summary>
/// Members of generic instantiations (and of an array type): the member belongs to the generic type, never to a type
/// argument, so a disallowed argument is reported as a type and a member is named after its generic type.
/// </summary>
public static class GenericMembers
{
    /// <summary>FileInfo only as the argument of the plug-in's own generic type: a MemberRef whose parent TypeSpec instantiates a TypeDef.</summary>
    public static void AddToOwnList() => new OwnList<FileInfo>().Add(null!);

    /// <summary>A generic method (a MethodSpec) of the plug-in's own generic type.</summary>
    public static object? DefaultOfOwnList() => new OwnList<FileInfo>().Default<DriveInfo>();

    /// <summary>A member of a framework generic type instantiated with a disallowed type.</summary>
    public static void AddToList() => new List<FileInfo>().Add(null!);

    /// <summary>A generic method (a MethodSpec) of a framework generic type.</summary>
    public static int ConvertList() => new List<FileInfo>().ConvertAll<object>(info => info).Count;

    /// <summary>FileInfo[,]: its constructor and Get are members of the array type, not of FileInfo.</summary>
    public static object FirstOfGrid()
    {
        var grid = new FileInfo[1, 1];
        return grid[0, 0];
    }

    // A near miss: the own type's GetType(string) is not Type.GetType(string), whatever the type argument.
    public static object? OwnGetType(string name) => OwnList<Type>.GetType(name);
}

/// <summary>A generic type of the plug-in's own, with a member named like a disallowed one.</summary>
public sealed class OwnList<T>
{
    public void Add(T item)
    {
    }

    public TResult? Default<TResult>() => default;

    public static Type? GetType(string name) => null;
}
