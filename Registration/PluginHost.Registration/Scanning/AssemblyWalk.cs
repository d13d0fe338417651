using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// One scan of one assembly for <see cref="DisallowedApiScanner"/>; not shared between threads. Visits every place
/// that can use an API (attributes, base types, signatures, P/Invoke declarations, method bodies), asks
/// <see cref="ReferenceResolver"/> what each reference there touches, and builds the "used in" text of a finding only
/// when there is a finding.
/// </summary>
/// <remarks>
/// The methods that run per metadata row or per IL instruction, here and in the types the walk uses, are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>. A process scans few assemblies (pluginreg one, the host one
/// per version it loads), so under tiered compilation most scans would run that code unoptimized and then
/// instrumented. On NLog.dll this takes the second scan of a process from about 40 ms to 10 ms, for about 15 ms more
/// JIT in the first.
/// </remarks>
internal sealed partial class AssemblyWalk
{
    private const string DllImportAttribute = "System.Runtime.InteropServices.DllImportAttribute";
    private const string ConstructorSuffix = "::.ctor";

    private readonly PEReader _pe;
    private readonly MetadataReader _reader;
    private readonly RuleSet _rules;
    private readonly DefinedTypes _definitions;
    private readonly ReferencedTypes _types;
    private readonly SignatureScanner _signatures;
    private readonly ReferenceResolver _references;
    private readonly NameChecks _names;
    private readonly UnsafeInstructions _unsafeCode;
    private readonly UnsafeMarkers _markers;
    private static readonly Site AssemblyAttributes = Site.Of("assembly attributes");
    private static readonly Site ModuleAttributes = Site.Of("module attributes");
    private static readonly Site AssemblyMetadata = Site.Of("assembly metadata");

    private readonly HashSet<(string Api, string UsedIn)> _found = [];

    /// <summary>The stand-alone signature rows a method body named (its locals, a calli), which the end of the walk need not read again.</summary>
    private readonly bool[] _reachedStandaloneSignatures;
    private Site _lastSite;
    private string? _lastSiteText;

    public AssemblyWalk(PEReader pe, MetadataReader reader, RuleSet rules)
    {
        _pe = pe;
        _reader = reader;
        _rules = rules;
        _definitions = new DefinedTypes(reader);
        _types = new ReferencedTypes(reader, rules);
        _signatures = new SignatureScanner(reader, _definitions, _types, rules);
        _names = new NameChecks(reader);
        _references = new ReferenceResolver(reader, rules, _names, _types, _signatures);
        _unsafeCode = new UnsafeInstructions(reader, rules);
        _markers = new UnsafeMarkers(reader);
        _reachedStandaloneSignatures = new bool[reader.GetTableRowCount(TableIndex.StandAloneSig) + 1];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run()
    {
        CheckAttributes(_reader.GetAssemblyDefinition().GetCustomAttributes(), AssemblyAttributes);
        CheckAttributes(_reader.GetModuleDefinition().GetCustomAttributes(), ModuleAttributes);
        CheckUnsafeMarkers();
        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            var type = _reader.GetTypeDefinition(typeHandle);
            var typeName = _definitions.Name(typeHandle);
            var typeSite = Site.Of(typeName);
            CheckAttributes(type.GetCustomAttributes(), typeSite);
            if (!type.BaseType.IsNil)
            {
                Add(_references.Resolve(type.BaseType), typeSite);
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Add(_references.Resolve(_reader.GetInterfaceImplementation(implementation).Interface), typeSite);
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = _reader.GetFieldDefinition(fieldHandle);
                CheckAttributes(field.GetCustomAttributes(), typeSite);
                var signature = _signatures.Field(field.Signature);
                _names.RequireReadable(field.Name);
                Add(signature, Site.OfMember(typeName, field.Name));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = _reader.GetPropertyDefinition(propertyHandle);
                CheckAttributes(property.GetCustomAttributes(), typeSite);
                _names.RequireReadable(property.Name);
                Add(_signatures.Property(property.Signature), Site.OfMember(typeName, property.Name));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                CheckMethod(methodHandle, typeHandle, typeName);
            }
        }

        CheckUnreachedMetadata();
    }

    /// <summary>The findings ordered by where they are used, then by API (each pair is distinct, so the order is total).</summary>
    public List<ApiViolation> Violations()
    {
        var violations = _found.Select(found => new ApiViolation(found.Api, found.UsedIn)).ToList();
        violations.Sort((left, right) => string.CompareOrdinal(left.UsedIn, right.UsedIn) is var byUse and not 0 ? byUse : string.CompareOrdinal(left.Api, right.Api));
        return violations;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckMethod(MethodDefinitionHandle handle, TypeDefinitionHandle typeHandle, string typeName)
    {
        var method = _reader.GetMethodDefinition(handle);
        _names.RequireReadable(method.Name);
        var site = Site.OfMember(typeName, method.Name);
        CheckAttributes(method.GetCustomAttributes(), site);
        foreach (var parameter in method.GetParameters())
        {
            CheckAttributes(_reader.GetParameter(parameter).GetCustomAttributes(), site);
        }

        Add(_signatures.Method(method.Signature), site);
        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
        {
            CheckPInvoke(method, site);
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        var il = body.GetILReader();
        if (_unsafeCode.Enabled)
        {
            _unsafeCode.BeginMethod(handle, method, typeHandle, body.LocalSignature, il);
        }

        if (!body.LocalSignature.IsNil)
        {
            Add(_signatures.Locals(_reader.GetStandaloneSignature(body.LocalSignature).Signature), site);
            MarkReached(body.LocalSignature);
        }

        CheckBody(il, site);
    }

    /// <summary>
    /// [DllImport] is a pseudo-attribute: the compiler turns it into the PinvokeImpl flag and an ImplMap row, never a
    /// custom attribute, so a list that names the attribute type instead of [pinvoke] is honoured here.
    /// </summary>
    private void CheckPInvoke(MethodDefinition method, Site site)
    {
        if (_rules.PInvoke is not null)
        {
            var import = method.GetImport();
            var module = import.Module.IsNil ? "?" : _reader.GetString(_reader.GetModuleReference(import.Module).Name);
            Add($"{DisallowedApi.PInvoke} {module}!{_reader.GetString(import.Name)}", site);
        }
        else if (_rules.MatchType(DllImportAttribute) is not null)
        {
            Add(DllImportAttribute, site);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckAttributes(CustomAttributeHandleCollection attributes, Site site)
    {
        foreach (var handle in attributes)
        {
            var constructor = _reader.GetCustomAttribute(handle).Constructor;
            if (constructor.Kind == HandleKind.MemberReference)
            {
                foreach (var api in _references.Resolve(constructor))
                {
                    Add(api.EndsWith(ConstructorSuffix, StringComparison.Ordinal) ? api[..^ConstructorSuffix.Length] : api, site);
                }
            }
        }
    }

    /// <summary>True when a finding already names the type or one of its members.</summary>
    private bool Reported(string typeName)
    {
        foreach (var (api, _) in _found)
        {
            if (api.StartsWith(typeName, StringComparison.Ordinal)
                && (api.Length == typeName.Length || api.AsSpan(typeName.Length).StartsWith("::", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string[] apis, Site site)
    {
        foreach (var api in apis)
        {
            Add(api, site);
        }
    }

    private void Add(string api, Site site)
    {
        if (_lastSiteText is null || site != _lastSite)
        {
            _lastSite = site;
            _lastSiteText = site.IsMember ? $"{site.Owner}::{_reader.GetString(site.Member)}" : site.Owner;
        }

        _found.Add((api, _lastSiteText));
    }

    /// <summary>Where a use is: a type or a fixed place (<c>assembly attributes</c>), or a member, <c>Type::Member</c>.</summary>
    private readonly record struct Site(string Owner, StringHandle Member, bool IsMember)
    {
        public static Site Of(string owner) => new(owner, default, false);

        public static Site OfMember(string typeName, StringHandle member) => new(typeName, member, true);
    }
}
