using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>What the address tracking needs to know from signatures: which parameters, locals, fields and returns are by reference.</summary>
internal sealed partial class UnsafeInstructions
{
    private const sbyte Unknown = 0;
    private const sbyte Yes = 1;
    private const sbyte No = -1;

    // Per scan: the by-ref members (read only when pointers are looked for), and per type row whether it is a value type.
    private readonly MemberShapes? _members = rules.UnsafePointer is not null ? new MemberShapes(reader) : null;
    private readonly sbyte[] _isValueType = new sbyte[reader.GetTableRowCount(TableIndex.TypeDef) + 1];

    // Per method: what BeginMethod reads, and what the first instruction that needs it decodes.
    private MethodDefinitionHandle _methodHandle;
    private MethodDefinition _method;
    private StandaloneSignatureHandle _locals;
    private BlobReader _body;
    private bool _isInstance;
    private bool _thisIsAddress;
    private bool _parametersMayBeByRef;
    private ImmutableArray<bool> _byRefParameters;
    private ImmutableArray<bool> _byRefLocals;

    /// <summary>
    /// Which opcodes the walk must hand to <see cref="Step"/> in the current method while no address is on the stack
    /// (indexed by <see cref="UnsafeOpCodes.Index"/>): loads of arguments and locals only if one may hold an address.
    /// </summary>
    public Interest[] IdleInterest { get; private set; } = UnsafeOpCodes.IdleInterest(false, false, false);

    /// <summary>The members of the assembly, for <see cref="Interest.IfMemberIsByRef"/>; null when pointers are not looked for.</summary>
    public MemberShapes? Members => _members;

    /// <summary>
    /// Starts a method body: nothing on the stack. Reads what decides which loads can push an address (a by-ref
    /// parameter or local, a value type's <c>this</c>) without decoding the signatures: most methods have none.
    /// </summary>
    public void BeginMethod(MethodDefinitionHandle handle, MethodDefinition method, TypeDefinitionHandle declaringType, StandaloneSignatureHandle locals, BlobReader body)
    {
        _body = body;
        _addresses = 0;
        _atTargets.Clear();
        _methodHandle = handle;
        _method = method;
        _locals = locals;
        _byRefParameters = default;
        _byRefLocals = default;
        _isInstance = reader.GetBlobReader(method.Signature).ReadSignatureHeader().IsInstance;
        _thisIsAddress = _isInstance && IsValueType(declaringType);
        _parametersMayBeByRef = MayHaveByRef(method.Signature);
        var localsMayBeByRef = !locals.IsNil && MayHaveByRef(reader.GetStandaloneSignature(locals).Signature);
        IdleInterest = UnsafeOpCodes.IdleInterest(_thisIsAddress || _parametersMayBeByRef, localsMayBeByRef, _members?.AnyByRef ?? false);
    }

    /// <summary>The body, positioned at <paramref name="offset"/>.</summary>
    private BlobReader Operand(int offset)
    {
        var reader = _body;
        reader.Offset = offset;
        return reader;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool PushesAddress(int opCode, BlobReader il) => (ILOpCode)opCode switch
    {
        >= ILOpCode.Ldarg_0 and <= ILOpCode.Ldarg_3 => IsByRefParameter(opCode - (int)ILOpCode.Ldarg_0),
        ILOpCode.Ldarg_s => IsByRefParameter(il.ReadByte()),
        ILOpCode.Ldarg => IsByRefParameter(il.ReadUInt16()),
        >= ILOpCode.Ldloc_0 and <= ILOpCode.Ldloc_3 => IsByRefLocal(opCode - (int)ILOpCode.Ldloc_0),
        ILOpCode.Ldloc_s => IsByRefLocal(il.ReadByte()),
        ILOpCode.Ldloc => IsByRefLocal(il.ReadUInt16()),
        _ => IsByRefMember(il.ReadInt32()), // ldfld, ldsfld, call, callvirt
    };

    /// <summary>Whether argument <paramref name="index"/> (0 is <c>this</c> in an instance method) holds an address.</summary>
    private bool IsByRefParameter(int index)
    {
        if (_isInstance)
        {
            if (index == 0)
            {
                return _thisIsAddress; // 'this' of a value type's method is the address of the value
            }

            index--;
        }

        if (!_parametersMayBeByRef)
        {
            return false;
        }

        if (_byRefParameters.IsDefault)
        {
            _byRefParameters = _method.DecodeSignature(ByRefTypes.Instance, null).ParameterTypes;
        }

        return index < _byRefParameters.Length && _byRefParameters[index];
    }

    private bool IsByRefLocal(int index)
    {
        if (_byRefLocals.IsDefault)
        {
            var signature = _locals.IsNil ? default : reader.GetStandaloneSignature(_locals);
            _byRefLocals = !_locals.IsNil && MayHaveByRef(signature.Signature) ? signature.DecodeLocalSignature(ByRefTypes.Instance, null) : [];
        }

        return index < _byRefLocals.Length && _byRefLocals[index];
    }

    /// <summary>Whether a field, or a method (definition, reference or instantiation) is (or returns) by reference.</summary>
    private bool IsByRefMember(int token) => _members?.IsByRef(token) ?? false;

    private bool ReturnsByRef(MethodDefinitionHandle method) => IsByRefMember(MetadataTokens.GetToken(method));

    /// <summary>
    /// False when no byte of the signature is ELEMENT_TYPE_BYREF, which is most signatures: then nothing in it is by
    /// reference, and decoding it (and the allocation) is skipped. A byte of that value may also be part of a token.
    /// </summary>
    private bool MayHaveByRef(BlobHandle signature) =>
        reader.GetBlobReader(signature).IndexOf((byte)SignatureTypeCode.ByReference) >= 0;

    private bool IsValueType(TypeDefinitionHandle type)
    {
        if (Known(_isValueType, type) is { } known)
        {
            return known;
        }

        var baseType = reader.GetTypeDefinition(type).BaseType;
        if (baseType.Kind != HandleKind.TypeReference)
        {
            return Keep(_isValueType, type, false);
        }

        var reference = reader.GetTypeReference((TypeReferenceHandle)baseType);
        return Keep(
            _isValueType,
            type,
            reader.StringComparer.Equals(reference.Namespace, "System")
                && (reader.StringComparer.Equals(reference.Name, "ValueType") || reader.StringComparer.Equals(reference.Name, "Enum")));
    }

    /// <summary>The answer kept for a row, if it was worked out.</summary>
    private static bool? Known(sbyte[] rows, EntityHandle handle)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        return (uint)row < (uint)rows.Length && rows[row] != Unknown ? rows[row] == Yes : null;
    }

    /// <summary>Keeps the answer for a row in the table (a row outside it is not kept: reading it throws as unreadable).</summary>
    private static bool Keep(sbyte[] rows, EntityHandle handle, bool answer)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        if ((uint)row < (uint)rows.Length)
        {
            rows[row] = answer ? Yes : No;
        }

        return answer;
    }
}
