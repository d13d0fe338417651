using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace PluginHost.Registration.Scanning;

/// <summary>Decodes a signature into "is it by reference" per type: all that following managed addresses needs of a parameter or local.</summary>
internal sealed class ByRefTypes : ISignatureTypeProvider<bool, object?>
{
    public static readonly ByRefTypes Instance = new();

    public bool GetByReferenceType(bool elementType) => true;

    public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => unmodifiedType;

    public bool GetPinnedType(bool elementType) => elementType;

    public bool GetArrayType(bool elementType, ArrayShape shape) => false;

    public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;

    public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;

    public bool GetGenericMethodParameter(object? genericContext, int index) => false;

    public bool GetGenericTypeParameter(object? genericContext, int index) => false;

    public bool GetPointerType(bool elementType) => false;

    public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;

    public bool GetSZArrayType(bool elementType) => false;

    public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => false;

    public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => false;

    public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => false;
}
