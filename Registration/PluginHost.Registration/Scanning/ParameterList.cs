using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The parameter list a member pattern such as <c>System.Activator::CreateInstance(System.Type*)</c> is matched
/// against: <c>(A,B)</c>, each parameter by its full type name, generic types without their arguments. Decoded only
/// for the few members such a pattern could hit.
/// </summary>
internal sealed class ParameterList : ISignatureTypeProvider<string, object?>
{
    private static readonly ParameterList Instance = new();

    private ParameterList()
    {
    }

    public static string Of(MetadataReader reader, BlobHandle methodSignature)
    {
        var blob = reader.GetBlobReader(methodSignature);
        var decoded = new SignatureDecoder<string, object?>(Instance, reader, genericContext: null).DecodeMethodSignature(ref blob);
        return $"({string.Join(",", decoded.ParameterTypes)})";
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => $"System.{typeCode}";

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => TypeNames.Of(metadata, handle);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => TypeNames.Of(metadata, handle);

    public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => $"{elementType}[]";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetByReferenceType(string elementType) => $"{elementType}&";

    public string GetPointerType(string elementType) => $"{elementType}*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

    public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

    public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
}
