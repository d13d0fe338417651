using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Decodes signatures into the type names they mention (generic arguments and element types included), a
/// parameter list for member patterns, and whether pointers or function pointers appear. One per scan.
/// </summary>
internal sealed class SignatureScanner : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _reader;
    private readonly SignatureDecoder<string, object?> _decoder;
    private readonly Dictionary<BlobHandle, Result> _cache = [];
    private readonly Dictionary<EntityHandle, Result> _typeSpecs = [];
    private List<string> _names = [];
    private bool _pointer;
    private bool _functionPointer;

    public SignatureScanner(MetadataReader reader)
    {
        _reader = reader;
        _decoder = new SignatureDecoder<string, object?>(this, reader, genericContext: null);
    }

    private delegate string DecodeBlob(ref BlobReader blob);

    /// <summary>Type names mentioned, the parameter list ("(A,B)" for methods, "" otherwise) and unsafe flags.</summary>
    internal sealed record Result(IReadOnlyList<string> Names, string Parameters, bool HasPointer, bool HasFunctionPointer);

    public Result Method(BlobHandle signature) => Decode(signature, (ref BlobReader blob) =>
    {
        var decoded = _decoder.DecodeMethodSignature(ref blob);
        return $"({string.Join(",", decoded.ParameterTypes)})";
    });

    public Result Field(BlobHandle signature) => Decode(signature, (ref BlobReader blob) =>
    {
        _decoder.DecodeFieldSignature(ref blob);
        return "";
    });

    public Result Locals(BlobHandle signature) => Decode(signature, (ref BlobReader blob) =>
    {
        _decoder.DecodeLocalSignature(ref blob);
        return "";
    });

    public Result MethodSpec(BlobHandle signature) => Decode(signature, (ref BlobReader blob) =>
    {
        _decoder.DecodeMethodSpecificationSignature(ref blob);
        return "";
    });

    public Result Standalone(StandaloneSignatureHandle handle) =>
        Decode(_reader.GetStandaloneSignature(handle).Signature, (ref BlobReader blob) =>
        {
            var header = blob.ReadSignatureHeader();
            blob.Reset();
            if (header.Kind == SignatureKind.LocalVariables)
            {
                _decoder.DecodeLocalSignature(ref blob);
            }
            else
            {
                _decoder.DecodeMethodSignature(ref blob);
            }

            return "";
        });

    public Result TypeSpec(TypeSpecificationHandle handle)
    {
        if (!_typeSpecs.TryGetValue(handle, out var result))
        {
            result = Decode(_reader.GetTypeSpecification(handle).Signature, (ref BlobReader blob) =>
            {
                _decoder.DecodeType(ref blob);
                return "";
            });
            _typeSpecs[handle] = result;
        }

        return result;
    }

    private Result Decode(BlobHandle signature, DecodeBlob decode)
    {
        if (_cache.TryGetValue(signature, out var cached))
        {
            return cached;
        }

        _names = [];
        _pointer = false;
        _functionPointer = false;
        var blob = _reader.GetBlobReader(signature);
        var parameters = decode(ref blob);
        var result = new Result(_names, parameters, _pointer, _functionPointer);
        _cache[signature] = result;
        return result;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => $"System.{typeCode}";

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => TypeNames.Of(metadata, handle);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var name = TypeNames.Of(metadata, handle);
        _names.Add(name);
        return name;
    }

    public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => $"{elementType}[]";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetByReferenceType(string elementType) => $"{elementType}&";

    public string GetPointerType(string elementType)
    {
        _pointer = true;
        return $"{elementType}*";
    }

    public string GetPinnedType(string elementType) => elementType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

    public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

    public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

    public string GetFunctionPointerType(MethodSignature<string> signature)
    {
        _functionPointer = true;
        return "method*";
    }

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
}
