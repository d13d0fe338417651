using System.Linq.Expressions;
using System.Reflection.Emit;

namespace TestPlugins.Violations;

/// <summary>Code generated at run time: Reflection.Emit, Expression.Compile, the dynamic binder.</summary>
public static class CodeGeneration
{
    public static DynamicMethod EmitMethod()
    {
        var method = new DynamicMethod("one", typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        return method;
    }

    public static Func<int> CompileExpression() => Expression.Lambda<Func<int>>(Expression.Constant(1)).Compile();

    public static object? CallDynamically(dynamic target) => target.Anything();
}
