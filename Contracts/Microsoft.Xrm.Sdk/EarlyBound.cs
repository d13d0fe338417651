using System.Reflection;
using Microsoft.Xrm.Sdk.Client;

namespace Microsoft.Xrm.Sdk;

/// <summary>What an early-bound class says about itself: the entity it stands for.</summary>
internal static class EarlyBound
{
    /// <summary>
    /// The entity logical name of an early-bound class: its <see cref="EntityLogicalNameAttribute"/>, else its public
    /// <c>EntityLogicalName</c> constant, else null (a class that does not say).
    /// </summary>
    public static string? LogicalNameOf(Type type)
    {
        if (type.GetCustomAttribute<EntityLogicalNameAttribute>(inherit: true) is { } attribute)
        {
            return attribute.LogicalName;
        }

        var field = type.GetField("EntityLogicalName", BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy);
        return field is { IsLiteral: true } && field.FieldType == typeof(string) ? (string?)field.GetRawConstantValue() : null;
    }
}
