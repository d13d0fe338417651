using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Resolves type, member, type-specification and method-specification references to the disallowed APIs they touch,
/// once per metadata row (a <see cref="RowCache{T}"/> per table); one per scan.
/// </summary>
internal sealed class ReferenceResolver
{
    private readonly MetadataReader _reader;
    private readonly RuleSet _rules;
    private readonly NameChecks _names;
    private readonly ReferencedTypes _types;
    private readonly SignatureScanner _signatures;
    private readonly RowCache<string[]> _typeReferenceApis;
    private readonly RowCache<string[]> _typeSpecificationApis;
    private readonly RowCache<string[]> _memberReferenceApis;
    private readonly RowCache<string[]> _methodSpecificationApis;

    public ReferenceResolver(MetadataReader reader, RuleSet rules, NameChecks names, ReferencedTypes types, SignatureScanner signatures)
    {
        _reader = reader;
        _rules = rules;
        _names = names;
        _types = types;
        _signatures = signatures;
        _typeReferenceApis = new(reader, TableIndex.TypeRef);
        _typeSpecificationApis = new(reader, TableIndex.TypeSpec);
        _memberReferenceApis = new(reader, TableIndex.MemberRef);
        _methodSpecificationApis = new(reader, TableIndex.MethodSpec);
    }

    /// <summary>
    /// Every disallowed API a reference touches: the type or member itself and each type in its signature and
    /// instantiation. Worked out once per row, however many method bodies use it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string[] Resolve(EntityHandle handle)
    {
        var cache = handle.Kind switch
        {
            HandleKind.TypeReference => _typeReferenceApis,
            HandleKind.TypeSpecification => _typeSpecificationApis,
            HandleKind.MemberReference => _memberReferenceApis,
            HandleKind.MethodSpecification => _methodSpecificationApis,
            _ => null,
        };
        if (cache is null)
        {
            return []; // definitions of this assembly
        }

        if (cache.TryGetValue(handle, out var known))
        {
            return known;
        }

        string[] apis = handle.Kind switch
        {
            HandleKind.TypeReference => _types.Get((TypeReferenceHandle)handle) is { Rule: not null } type ? [type.Name] : [],
            HandleKind.TypeSpecification => _signatures.TypeSpecification((TypeSpecificationHandle)handle),
            HandleKind.MemberReference => MemberApis((MemberReferenceHandle)handle),
            _ => MethodSpecificationApis((MethodSpecificationHandle)handle),
        };
        return cache.Add(handle, apis);
    }

    private string[] MethodSpecificationApis(MethodSpecificationHandle handle)
    {
        var specification = _reader.GetMethodSpecification(handle);
        var method = Resolve(specification.Method);
        return Concat(method, _signatures.MethodSpecification(specification.Signature));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string[] MemberApis(MemberReferenceHandle handle)
    {
        var member = _reader.GetMemberReference(handle);
        _names.RequireReadable(member.Name);
        var isMethod = member.GetKind() == MemberReferenceKind.Method;
        var apis = isMethod ? _signatures.Method(member.Signature) : _signatures.Field(member.Signature);

        ReferencedType? declaringType = null;
        if (member.Parent.Kind == HandleKind.TypeReference)
        {
            declaringType = _types.Get((TypeReferenceHandle)member.Parent);
        }
        else if (member.Parent.Kind == HandleKind.TypeSpecification)
        {
            var parentHandle = (TypeSpecificationHandle)member.Parent;
            var parent = _signatures.TypeSpecification(parentHandle);
            declaringType = GenericTypeOf(parentHandle) is { IsNil: false } genericType ? _types.Get(genericType) : null;
            apis = Concat(apis, parent);
        }

        if (declaringType is { } type && (type.Rule is not null || (type.MemberPatternsApply && MatchesMemberPattern(type.Name, member, isMethod))))
        {
            apis = Concat(apis, [$"{type.Name}::{_reader.GetString(member.Name)}"]);
        }

        return apis;
    }

    /// <summary>
    /// The referenced type a member of a type specification belongs to: the generic type of an instantiation (List`1
    /// in List`1&lt;FileInfo&gt;). Read from the head of the blob, not from the first type reference in it: that is the
    /// first type argument when the generic type is defined in the assembly (MyList`1&lt;FileInfo&gt;), and the element
    /// type of an array (FileInfo[,]::Get), neither of which declares the member. Nil for those and for generic
    /// parameters; their types are still reported, as types, from the specification's own signature.
    /// </summary>
    private TypeReferenceHandle GenericTypeOf(TypeSpecificationHandle handle)
    {
        // These reads return Invalid or a nil handle on a malformed blob rather than throw: such a blob names no type.
        var blob = _reader.GetBlobReader(_reader.GetTypeSpecification(handle).Signature);
        var code = blob.ReadSignatureTypeCode();
        while (code is SignatureTypeCode.RequiredModifier or SignatureTypeCode.OptionalModifier)
        {
            // A modifier qualifies the type after it; it is not the type whose member this is.
            _ = blob.ReadTypeHandle();
            code = blob.ReadSignatureTypeCode();
        }

        if (code == SignatureTypeCode.GenericTypeInstance)
        {
            code = blob.ReadSignatureTypeCode();
        }

        return code switch
        {
            SignatureTypeCode.TypeHandle => blob.ReadTypeHandle() is { Kind: HandleKind.TypeReference } type ? (TypeReferenceHandle)type : default,
            // Members of arrays (Get, Set, Address, .ctor), of generic parameters and of primitive types (none of which
            // a rule names as a type of its own) belong to no referenced type.
            SignatureTypeCode.SZArray or SignatureTypeCode.Array or SignatureTypeCode.GenericTypeParameter or SignatureTypeCode.GenericMethodParameter
                or (>= SignatureTypeCode.Boolean and <= SignatureTypeCode.String) or SignatureTypeCode.IntPtr or SignatureTypeCode.UIntPtr
                or SignatureTypeCode.Object or SignatureTypeCode.TypedReference => default,
            // Anything else (a pinned or by-ref "type", a pointer, a function pointer) declares no members: a crafted
            // blob, refused rather than read as belonging to nobody, which would let its member pass every rule.
            _ => throw new BadImageFormatException($"type specification 0x{MetadataTokens.GetToken(handle):X8} is a {code}, which declares no members"),
        };
    }

    /// <summary>
    /// Whether a member pattern names this member. Only a method has a parameter list, read from its own signature:
    /// not from the signature cache, where the first decode of a shared blob answers for every use (a calli through
    /// delegate*&lt;string, Type&gt; shares its bytes with a call to static Type M(string)).
    /// </summary>
    private bool MatchesMemberPattern(string typeName, MemberReference member, bool isMethod) =>
        _rules.MatchMemberPattern(
            typeName,
            _reader.GetString(member.Name),
            () => isMethod ? ParameterList.Of(_reader, member.Signature) : "") is not null;

    private static string[] Concat(string[] first, string[] second) =>
        second.Length == 0 ? first : first.Length == 0 ? second : [.. first, .. second];
}
