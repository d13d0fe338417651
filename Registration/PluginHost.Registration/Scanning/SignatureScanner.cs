using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Decodes signatures into the disallowed APIs they mention: referenced types that hit a rule (generic arguments,
/// element types and modifiers included), pointer and function-pointer types. Builds no type names of its own: it
/// only notes which type references it meets, so a signature costs no allocation unless it mentions a disallowed API.
/// Answers are cached per signature blob; one per scan.
/// </summary>
internal sealed class SignatureScanner : ISignatureTypeProvider<object?, object?>
{
    /// <summary>Compilers' output has about one distinct signature per 16 bytes of blob heap.</summary>
    private const int BlobBytesPerSignature = 16;

    private readonly MetadataReader _reader;
    private readonly DefinedTypes _definitions;
    private readonly ReferencedTypes _types;
    private readonly RuleSet _rules;
    private readonly SignatureDecoder<object?, object?> _decoder;
    private readonly BlobTable<string[]> _cache;
    private readonly List<string> _hits = [];
    private bool _pointer;
    private bool _functionPointer;

    public SignatureScanner(MetadataReader reader, DefinedTypes definitions, ReferencedTypes types, RuleSet rules)
    {
        _reader = reader;
        _definitions = definitions;
        _types = types;
        _rules = rules;
        _decoder = new SignatureDecoder<object?, object?>(this, reader, genericContext: null);
        _cache = new BlobTable<string[]>(reader.GetHeapSize(HeapIndex.Blob) / BlobBytesPerSignature);
    }

    private enum Kind
    {
        Method,
        Field,
        Locals,
        MethodSpecification,
        Standalone,
        Type,
    }

    public string[] Method(BlobHandle signature) => Decode(signature, Kind.Method);

    public string[] Field(BlobHandle signature) => Decode(signature, Kind.Field);

    /// <summary>A property's signature: its type and its indexer parameters, decoded as a method's (ECMA-335 II.23.2.5).</summary>
    public string[] Property(BlobHandle signature) => Decode(signature, Kind.Method);

    public string[] Locals(BlobHandle signature) => Decode(signature, Kind.Locals);

    public string[] MethodSpecification(BlobHandle signature) => Decode(signature, Kind.MethodSpecification);

    public string[] Standalone(StandaloneSignatureHandle handle) => Decode(_reader.GetStandaloneSignature(handle).Signature, Kind.Standalone);

    public string[] TypeSpecification(TypeSpecificationHandle handle) => Decode(_reader.GetTypeSpecification(handle).Signature, Kind.Type);

    /// <summary>
    /// One cache for every kind of signature, keyed by blob: identical blobs are shared in the heap, and the first
    /// decode of a blob answers for all its uses, as it always has in this scanner.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string[] Decode(BlobHandle signature, Kind kind)
    {
        var offset = MetadataTokens.GetHeapOffset(signature); // -1 for a virtual blob (WinMD projection): not cached
        if (offset >= 0 && _cache.TryGetValue(offset, out var cached))
        {
            return cached;
        }

        _hits.Clear();
        _pointer = false;
        _functionPointer = false;
        var blob = _reader.GetBlobReader(signature);
        switch (kind)
        {
            case Kind.Method:
                _decoder.DecodeMethodSignature(ref blob);
                break;
            case Kind.Field:
                _decoder.DecodeFieldSignature(ref blob);
                break;
            case Kind.Locals:
                _decoder.DecodeLocalSignature(ref blob);
                break;
            case Kind.MethodSpecification:
                _decoder.DecodeMethodSpecificationSignature(ref blob);
                break;
            case Kind.Standalone:
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

                break;
            case Kind.Type:
                _decoder.DecodeType(ref blob);
                break;
        }

        var result = Apis();
        if (offset >= 0)
        {
            _cache.Add(offset, result);
        }

        return result;
    }

    private string[] Apis()
    {
        var pointer = _pointer ? _rules.UnsafePointer : null;
        var functionPointer = _functionPointer ? _rules.FunctionPointer : null;
        if (_hits.Count == 0 && pointer is null && functionPointer is null)
        {
            return [];
        }

        var apis = new List<string>(_hits);
        if (pointer is not null)
        {
            apis.Add(DisallowedApi.UnsafePointer);
        }

        if (functionPointer is not null)
        {
            apis.Add(DisallowedApi.FunctionPointer);
        }

        return [.. apis];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = _types.Get(handle);
        if (type.Rule is not null)
        {
            _hits.Add(type.Name);
        }

        return null;
    }

    public object? GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        // The name is not needed, but the walk names every type anyway (once per row), and naming it where it is first
        // met keeps a broken type row failing the scan at the same point, with the same message.
        _ = _definitions.Name(handle);
        return null;
    }

    public object? GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public object? GetArrayType(object? elementType, ArrayShape shape)
    {
        // Rank 0 is malformed; the inspector, which names array types, refuses it with the same words.
        return shape.Rank > 0 ? null : throw new BadImageFormatException(TypeNames.RankZeroArray);
    }

    public object? GetPointerType(object? elementType)
    {
        _pointer = true;
        return null;
    }

    public object? GetFunctionPointerType(MethodSignature<object?> signature)
    {
        _functionPointer = true;
        return null;
    }

    public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

    public object? GetSZArrayType(object? elementType) => null;

    public object? GetByReferenceType(object? elementType) => null;

    public object? GetPinnedType(object? elementType) => null;

    public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

    public object? GetGenericTypeParameter(object? genericContext, int index) => null;

    public object? GetGenericMethodParameter(object? genericContext, int index) => null;

    public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
}
