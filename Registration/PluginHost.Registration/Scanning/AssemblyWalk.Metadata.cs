using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace PluginHost.Registration.Scanning;

/// <summary>The parts of the walk that look at the assembly as a whole rather than at one type or method.</summary>
internal sealed partial class AssemblyWalk
{
    /// <summary>
    /// Anything referenced that no walk of a type or method reached (a signature or reference only unused metadata
    /// holds, such as a stand-alone signature no body names) is still reported, as used in "assembly metadata". The
    /// rows a walk reached answer from the per-row and per-blob caches.
    /// </summary>
    private void CheckUnreachedMetadata()
    {
        for (var row = 1; row < _reachedStandaloneSignatures.Length; row++)
        {
            if (!_reachedStandaloneSignatures[row])
            {
                AddUnreported(_signatures.Standalone(MetadataTokens.StandaloneSignatureHandle(row)));
            }
        }

        foreach (var (table, kind) in new[]
                 {
                     (TableIndex.TypeSpec, HandleKind.TypeSpecification),
                     (TableIndex.MemberRef, HandleKind.MemberReference),
                     (TableIndex.MethodSpec, HandleKind.MethodSpecification),
                 })
        {
            for (var row = 1; row <= _reader.GetTableRowCount(table); row++)
            {
                AddUnreported(_references.Resolve(MetadataTokens.EntityHandle(table, row)));
            }
        }

        foreach (var handle in _reader.TypeReferences)
        {
            var (name, rule, _) = _types.Get(handle);
            if (rule is not null)
            {
                AddUnreported([name]);
            }
        }
    }

    /// <summary>The compiler's marks of unsafe code (see <see cref="UnsafeMarkers"/>), reported where they are attached.</summary>
    private void CheckUnsafeMarkers()
    {
        if (_rules.UnsafePointer is null)
        {
            return;
        }

        foreach (var (attributes, site) in new[]
                 {
                     (_reader.GetAssemblyDefinition().GetCustomAttributes(), AssemblyAttributes),
                     (_reader.GetModuleDefinition().GetCustomAttributes(), ModuleAttributes),
                 })
        {
            foreach (var handle in attributes)
            {
                if (_markers.IsUnverifiableCode(handle))
                {
                    Add(UnsafeMarkers.UnverifiableCode, site);
                }
            }
        }

        foreach (var parent in _markers.SkipVerificationRequests())
        {
            var site = parent.Kind switch
            {
                HandleKind.TypeDefinition => Site.Of(_definitions.Name((TypeDefinitionHandle)parent)),
                HandleKind.MethodDefinition => MethodSite((MethodDefinitionHandle)parent),
                _ => AssemblyAttributes,
            };
            Add(UnsafeMarkers.SkipVerification, site);
        }
    }

    private void MarkReached(StandaloneSignatureHandle handle)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        if ((uint)row < (uint)_reachedStandaloneSignatures.Length)
        {
            _reachedStandaloneSignatures[row] = true;
        }
    }

    private Site MethodSite(MethodDefinitionHandle handle)
    {
        var method = _reader.GetMethodDefinition(handle);
        return Site.OfMember(_definitions.Name(method.GetDeclaringType()), method.Name);
    }

    private void AddUnreported(string[] apis)
    {
        foreach (var api in apis)
        {
            if (!Reported(api) && !TypeReported(api))
            {
                Add(api, AssemblyMetadata);
            }
        }
    }

    /// <summary>True when <paramref name="api"/> is a member and a finding names its type alone (an attribute is reported as its type, not its constructor).</summary>
    private bool TypeReported(string api)
    {
        var member = api.IndexOf("::", StringComparison.Ordinal);
        if (member < 0)
        {
            return false;
        }

        foreach (var (found, _) in _found)
        {
            if (found.Length == member && api.StartsWith(found, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
