using System.Reflection;
using System.Reflection.Metadata;

namespace PluginHost.Registration.Inspection;

/// <summary>
/// Finds the plug-in types of an assembly from its metadata: public, non-abstract, non-generic classes implementing
/// IPlugin, directly or through a base class in the same assembly or in another assembly of its package, with a
/// supported constructor.
/// </summary>
internal static class PluginTypeFinder
{
    /// <summary>The interface every plug-in implements.</summary>
    public const string PluginInterface = "Microsoft.Xrm.Sdk.IPlugin";

    /// <summary>The accepted type names, sorted, and why each IPlugin class that is not a plug-in type was passed over.</summary>
    public static (List<string> Accepted, List<string> Rejected) Find(MetadataReader reader, PackageTypes package)
    {
        var accepted = new List<string>();
        var rejected = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!ImplementsPlugin(reader, handle, package, 0))
            {
                continue;
            }

            var name = TypeNames.Of(reader, handle);
            var attributes = type.Attributes;
            if ((attributes & TypeAttributes.Interface) != 0)
            {
                continue;
            }

            var visibility = attributes & TypeAttributes.VisibilityMask;
            var isPublic = visibility == TypeAttributes.Public || (visibility == TypeAttributes.NestedPublic && IsPubliclyVisible(reader, type));
            if (!isPublic)
            {
                rejected.Add($"{name} is not public");
            }
            else if ((attributes & TypeAttributes.Abstract) != 0)
            {
                rejected.Add($"{name} is abstract");
            }
            else if (type.GetGenericParameters().Count > 0)
            {
                rejected.Add($"{name} is generic");
            }
            else if (!HasSupportedConstructor(reader, type))
            {
                rejected.Add($"{name} has no public constructor (), (string) or (string, string)");
            }
            else
            {
                accepted.Add(name);
            }
        }

        accepted.Sort(StringComparer.Ordinal);
        return (accepted, rejected);
    }

    private static bool IsPubliclyVisible(MetadataReader reader, TypeDefinition type)
    {
        while (true)
        {
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public)
            {
                return true;
            }

            if (visibility != TypeAttributes.NestedPublic)
            {
                return false;
            }

            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }
    }

    private static bool ImplementsPlugin(MetadataReader reader, TypeDefinitionHandle handle, PackageTypes package, int depth)
    {
        if (depth > 64)
        {
            return false;
        }

        var type = reader.GetTypeDefinition(handle);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            var @interface = reader.GetInterfaceImplementation(implementation).Interface;
            if (@interface.Kind == HandleKind.TypeReference && TypeNames.Of(reader, (TypeReferenceHandle)@interface) == PluginInterface)
            {
                return true;
            }
        }

        // Through a base class defined in this assembly or in another assembly of the package, generic ones (Base<T>) included.
        return BaseDefinition(reader, type.BaseType, package) is { } baseType && ImplementsPlugin(baseType.Reader, baseType.Handle, package, depth + 1);
    }

    /// <summary>
    /// The definition of a base type: the type itself, or the generic type of an instantiation; in this assembly, or
    /// through a type reference in another assembly of the package.
    /// </summary>
    private static (MetadataReader Reader, TypeDefinitionHandle Handle)? BaseDefinition(MetadataReader reader, EntityHandle baseType, PackageTypes package)
    {
        if (baseType.IsNil)
        {
            return null;
        }

        switch (baseType.Kind)
        {
            case HandleKind.TypeDefinition:
                return (reader, (TypeDefinitionHandle)baseType);
            case HandleKind.TypeReference:
                return package.Resolve(reader, (TypeReferenceHandle)baseType);
            case HandleKind.TypeSpecification:
                // A TypeSpec base is GENERICINST (CLASS | VALUETYPE) TypeDefOrRef <arguments> (ECMA-335 II.23.2.12).
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)baseType).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return null;
                }

                blob.ReadSignatureTypeCode();
                var generic = blob.ReadTypeHandle();
                return generic.Kind == HandleKind.TypeSpecification ? null : BaseDefinition(reader, generic, package);
            default:
                return null;
        }
    }

    private static bool HasSupportedConstructor(MetadataReader reader, TypeDefinition type)
    {
        foreach (var handle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public
                || (method.Attributes & MethodAttributes.Static) != 0
                || !reader.StringComparer.Equals(method.Name, ".ctor"))
            {
                continue;
            }

            var signature = method.DecodeSignature(SignatureTypeNames.Instance, genericContext: null);
            if (signature.ParameterTypes.All(parameter => parameter == "System.String") && signature.ParameterTypes.Length <= 2)
            {
                return true;
            }
        }

        return false;
    }
}
