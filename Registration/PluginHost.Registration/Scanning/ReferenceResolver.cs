using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Resolves type, member, type-specification and method-specification references to the disallowed APIs they touch,
/// once per metadata row, in arrays indexed by row; one per scan.
/// </summary>
internal sealed class ReferenceResolver
{
    private readonly MetadataReader _reader;
    private readonly RuleSet _rules;
    private readonly NameChecks _names;
    private readonly ReferencedTypes _types;
    private readonly SignatureScanner _signatures;
    private readonly string[]?[] _typeReferenceApis;
    private readonly string[]?[] _typeSpecificationApis;
    private readonly string[]?[] _memberReferenceApis;
    private readonly string[]?[] _methodSpecificationApis;

    public ReferenceResolver(MetadataReader reader, RuleSet rules, NameChecks names, ReferencedTypes types, SignatureScanner signatures)
    {
        _reader = reader;
        _rules = rules;
        _names = names;
        _types = types;
        _signatures = signatures;
        _typeReferenceApis = new string[]?[reader.GetTableRowCount(TableIndex.TypeRef) + 1];
        _typeSpecificationApis = new string[]?[reader.GetTableRowCount(TableIndex.TypeSpec) + 1];
        _memberReferenceApis = new string[]?[reader.GetTableRowCount(TableIndex.MemberRef) + 1];
        _methodSpecificationApis = new string[]?[reader.GetTableRowCount(TableIndex.MethodSpec) + 1];
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

        // A row outside its table is resolved uncached: reading it throws, and the image is reported unreadable.
        var row = MetadataTokens.GetRowNumber(handle);
        var inTable = row > 0 && row < cache.Length;
        if (inTable && cache[row] is { } known)
        {
            return known;
        }

        string[] apis = handle.Kind switch
        {
            HandleKind.TypeReference => _types.Get((TypeReferenceHandle)handle) is { Rule: not null } type ? [type.Name] : [],
            HandleKind.TypeSpecification => _signatures.TypeSpecification((TypeSpecificationHandle)handle).Apis,
            HandleKind.MemberReference => MemberApis((MemberReferenceHandle)handle),
            _ => MethodSpecificationApis((MethodSpecificationHandle)handle),
        };
        if (inTable)
        {
            cache[row] = apis;
        }

        return apis;
    }

    private string[] MethodSpecificationApis(MethodSpecificationHandle handle)
    {
        var specification = _reader.GetMethodSpecification(handle);
        var method = Resolve(specification.Method);
        return Concat(method, _signatures.MethodSpecification(specification.Signature).Apis);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string[] MemberApis(MemberReferenceHandle handle)
    {
        var member = _reader.GetMemberReference(handle);
        _names.RequireReadable(member.Name);
        var signature = member.GetKind() == MemberReferenceKind.Method ? _signatures.Method(member.Signature) : _signatures.Field(member.Signature);
        var apis = signature.Apis;

        // A member of a generic instantiation goes by the first type its signature references (List`1 in List`1<T>).
        ReferencedType? declaringType = null;
        if (member.Parent.Kind == HandleKind.TypeReference)
        {
            declaringType = _types.Get((TypeReferenceHandle)member.Parent);
        }
        else if (member.Parent.Kind == HandleKind.TypeSpecification)
        {
            var parent = _signatures.TypeSpecification((TypeSpecificationHandle)member.Parent);
            declaringType = parent.FirstReference.IsNil ? null : _types.Get(parent.FirstReference);
            apis = Concat(apis, parent.Apis);
        }

        if (declaringType is { } type && (type.Rule is not null || (type.MemberPatternsApply && MatchesMemberPattern(type.Name, member, signature))))
        {
            apis = Concat(apis, [$"{type.Name}::{_reader.GetString(member.Name)}"]);
        }

        return apis;
    }

    private bool MatchesMemberPattern(string typeName, MemberReference member, SignatureScanner.Result signature) =>
        _rules.MatchMemberPattern(
            typeName,
            _reader.GetString(member.Name),
            () => signature.DecodedAsMethod ? ParameterList.Of(_reader, member.Signature) : "") is not null;

    private static string[] Concat(string[] first, string[] second) =>
        second.Length == 0 ? first : first.Length == 0 ? second : [.. first, .. second];
}
