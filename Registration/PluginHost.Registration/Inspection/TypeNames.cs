using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace PluginHost.Registration.Inspection;

/// <summary>Full type names from metadata, nested types as <c>Outer+Inner</c> (the form reflection's GetType takes).</summary>
internal static class TypeNames
{
    // Real nesting is a few levels deep; a crafted image can make a scope point back at itself, which must end as
    // "unreadable", not as a stack overflow of the process reading it.
    private const int MaxNesting = 64;

    /// <summary>Why a signature with an array type of rank 0 (which no compiler writes) is unreadable.</summary>
    public const string RankZeroArray = "a signature has an array type of rank 0";

    public static string Of(MetadataReader reader, TypeDefinitionHandle handle, int depth = 0)
    {
        CheckNesting(depth);
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return !declaring.IsNil ? $"{Of(reader, declaring, depth + 1)}+{name}"
            : type.Namespace.IsNil ? name
            : $"{reader.GetString(type.Namespace)}.{name}";
    }

    public static string Of(MetadataReader reader, TypeReferenceHandle handle, int depth = 0)
    {
        CheckNesting(depth);
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference ? $"{Of(reader, (TypeReferenceHandle)type.ResolutionScope, depth + 1)}+{name}"
            : type.Namespace.IsNil ? name
            : $"{reader.GetString(type.Namespace)}.{name}";
    }

    private static void CheckNesting(int depth)
    {
        if (depth > MaxNesting)
        {
            throw new BadImageFormatException($"type nesting deeper than {MaxNesting} levels (a scope that refers back to itself)");
        }
    }
}

/// <summary>Decodes signatures into type-name strings (enough to compare constructor parameters).</summary>
internal sealed class SignatureTypeNames : ISignatureTypeProvider<string, object?>
{
    public static readonly SignatureTypeNames Instance = new();

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.Object => "System.Object",
        _ => $"System.{typeCode}",
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeNames.Of(reader, handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeNames.Of(reader, handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => $"{elementType}[]";

    public string GetArrayType(string elementType, ArrayShape shape) =>
        shape.Rank > 0 ? $"{elementType}[{new string(',', shape.Rank - 1)}]" : throw new BadImageFormatException(TypeNames.RankZeroArray);

    public string GetByReferenceType(string elementType) => $"{elementType}&";

    public string GetPointerType(string elementType) => $"{elementType}*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

    public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

    public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
}
