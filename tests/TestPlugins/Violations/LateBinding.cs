using System.Reflection;
using System.Runtime.Loader;
using System.Text;

namespace TestPlugins.Violations;

/// <summary>Reflection invoke and late binding: Type.GetType(string), MethodBase.Invoke, Activator.CreateInstance, Assembly.Load, AppDomain, AssemblyLoadContext.</summary>
public static class LateBinding
{
    public static Type? TypeByName(string name) => Type.GetType(name);

    public static object? InvokeMethod(MethodInfo method) => method.Invoke(null, null);

    public static object? CreateByType(Type type) => Activator.CreateInstance(type);

    public static object? CreateByName(string assemblyName, string typeName) => Activator.CreateInstance(assemblyName, typeName);

    public static Assembly LoadAssembly(string name) => Assembly.Load(name);

    public static string DomainName() => AppDomain.CurrentDomain.FriendlyName;

    public static AssemblyLoadContext NewLoadContext() => new("plugins", isCollectible: true);

    // The calli comes first and its signature is byte-identical to Type.GetType(string, bool)'s: one blob for both.
    public static unsafe Type? TypeByNameAfterCalli(delegate*<string, bool, Type?> resolve, string name) =>
        resolve(name, false) ?? Type.GetType(name, throwOnError: false);

    // Near misses the member patterns must not catch: the generic overload binds early, and object.GetType is not Type.GetType(string).
    public static StringBuilder CreateGeneric() => Activator.CreateInstance<StringBuilder>();

    public static string RuntimeTypeName(object value) => value.GetType().Name;
}
