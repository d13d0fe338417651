using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// What following managed addresses through calls and field loads needs of the assembly's members, read once per
/// scan, row by row, from the first bytes of each signature: whether a field is by reference, whether a method
/// (defined, referenced or instantiated) returns by reference, and a method's shape on the stack (parameters, this,
/// a return value). Few assemblies have a by-ref member; without one, no load or call pushes an address.
/// </summary>
internal sealed class MemberShapes
{
    private const int ByRef = 1;
    private const int HasThis = 2;
    private const int ReturnsVoid = 4;
    private const int ParameterShift = 8;

    private readonly MetadataReader _reader;
    private readonly int[] _methods;
    private readonly int[] _fields;
    private readonly int[] _memberReferences;
    private readonly int[] _methodSpecifications;
    private readonly Dictionary<int, ImmutableArray<bool>> _byRefParameters = [];

    public MemberShapes(MetadataReader reader)
    {
        _reader = reader;
        _methods = Rows(reader, TableIndex.MethodDef, row => MethodShape(reader, reader.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(row)).Signature));
        _fields = Rows(reader, TableIndex.Field, row => FieldShape(reader, reader.GetFieldDefinition(MetadataTokens.FieldDefinitionHandle(row)).Signature));
        _memberReferences = Rows(reader, TableIndex.MemberRef, row =>
        {
            var signature = reader.GetMemberReference(MetadataTokens.MemberReferenceHandle(row)).Signature;
            return reader.GetBlobReader(signature).ReadSignatureHeader().Kind == SignatureKind.Field ? FieldShape(reader, signature) : MethodShape(reader, signature);
        });

        // An instantiation has the shape of its generic method; a specification never names another.
        _methodSpecifications = Rows(reader, TableIndex.MethodSpec, row =>
            reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).Method is { Kind: not HandleKind.MethodSpecification } method
                ? Shape(MetadataTokens.GetToken(method))
                : 0);
        AnyByRef = _methods.Any(IsByRefShape) || _fields.Any(IsByRefShape) || _memberReferences.Any(IsByRefShape) || _methodSpecifications.Any(IsByRefShape);
    }

    /// <summary>Whether any member is (or returns) by reference: if not, no load or call pushes an address.</summary>
    public bool AnyByRef { get; }

    /// <summary>Whether the member a token of ldfld, ldsfld, call or callvirt names is (or returns) by reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsByRef(int token) => (Shape(token) & ByRef) != 0;

    /// <summary>A called method's parameter count, whether it takes <c>this</c>, and whether it returns nothing.</summary>
    public (int Parameters, bool HasThis, bool ReturnsVoid) CallShape(int token)
    {
        var shape = Shape(token);
        return (shape >> ParameterShift, (shape & HasThis) != 0, (shape & ReturnsVoid) != 0);
    }

    /// <summary>Per parameter of a called method (not counting <c>this</c>), whether it is by reference; decoded once per method.</summary>
    public ImmutableArray<bool> ByRefParameters(int token)
    {
        if (_byRefParameters.TryGetValue(token, out var known))
        {
            return known;
        }

        var signature = SignatureOf(MetadataTokens.EntityHandle(token));
        var parameters = _reader.GetBlobReader(signature).IndexOf((byte)SignatureTypeCode.ByReference) < 0
            ? []
            : DecodeParameters(signature);
        _byRefParameters[token] = parameters;
        return parameters;
    }

    /// <summary>The shape kept for a row: 0 for a token of any other table, or a row outside one (reading it would throw as unreadable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Shape(int token)
    {
        var rows = (token >> 24) switch
        {
            0x06 => _methods,
            0x04 => _fields,
            0x0A => _memberReferences,
            0x2B => _methodSpecifications,
            _ => null,
        };
        var row = token & 0xFFFFFF;
        return rows is not null && (uint)row < (uint)rows.Length ? rows[row] : 0;
    }

    private ImmutableArray<bool> DecodeParameters(BlobHandle signature)
    {
        var blob = _reader.GetBlobReader(signature);
        return new SignatureDecoder<bool, object?>(ByRefTypes.Instance, _reader, null).DecodeMethodSignature(ref blob).ParameterTypes;
    }

    /// <summary>The signature of the method a call names: a definition's, a reference's, or an instantiation's generic method's.</summary>
    private BlobHandle SignatureOf(EntityHandle method) => method.Kind switch
    {
        HandleKind.MethodDefinition => _reader.GetMethodDefinition((MethodDefinitionHandle)method).Signature,
        HandleKind.MemberReference => _reader.GetMemberReference((MemberReferenceHandle)method).Signature,
        HandleKind.MethodSpecification when _reader.GetMethodSpecification((MethodSpecificationHandle)method).Method is var generic
            && generic.Kind != HandleKind.MethodSpecification => SignatureOf(generic),
        _ => throw new BadImageFormatException($"the call token 0x{MetadataTokens.GetToken(method):X8} names no method"),
    };

    private static bool IsByRefShape(int shape) => (shape & ByRef) != 0;

    private static int MethodShape(MetadataReader reader, BlobHandle signature)
    {
        var blob = reader.GetBlobReader(signature);
        var header = blob.ReadSignatureHeader();
        if (header.Kind is not (SignatureKind.Method or SignatureKind.Property))
        {
            return 0;
        }

        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        var parameters = blob.ReadCompressedInteger();
        var returnType = TypeCodeAfterModifiers(ref blob);
        return (parameters << ParameterShift)
            | (header.IsInstance && !header.HasExplicitThis ? HasThis : 0)
            | (returnType == SignatureTypeCode.Void ? ReturnsVoid : 0)
            | (returnType == SignatureTypeCode.ByReference ? ByRef : 0);
    }

    private static int FieldShape(MetadataReader reader, BlobHandle signature)
    {
        var blob = reader.GetBlobReader(signature);
        return blob.ReadSignatureHeader().Kind == SignatureKind.Field && TypeCodeAfterModifiers(ref blob) == SignatureTypeCode.ByReference ? ByRef : 0;
    }

    private static SignatureTypeCode TypeCodeAfterModifiers(ref BlobReader blob)
    {
        var code = blob.ReadSignatureTypeCode();
        while (code is SignatureTypeCode.RequiredModifier or SignatureTypeCode.OptionalModifier)
        {
            _ = blob.ReadTypeHandle();
            code = blob.ReadSignatureTypeCode();
        }

        return code;
    }

    private static int[] Rows(MetadataReader reader, TableIndex table, Func<int, int> shape)
    {
        var rows = new int[reader.GetTableRowCount(table) + 1];
        for (var row = 1; row < rows.Length; row++)
        {
            rows[row] = shape(row);
        }

        return rows;
    }
}
