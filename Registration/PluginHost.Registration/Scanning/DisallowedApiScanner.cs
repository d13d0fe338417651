using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Checks an assembly against the disallowed-API list from its bytes, never loading it (SPEC §7): type and member
/// references with their generic instantiations, base types and interfaces, custom attributes, P/Invoke
/// declarations, signatures (pointer and function-pointer types) and every token in every method body.
/// Thread-safe once built; build one per version of the list.
/// </summary>
public sealed class DisallowedApiScanner(IEnumerable<DisallowedApi> rules)
{
    private const string DllImportAttribute = "System.Runtime.InteropServices.DllImportAttribute";

    private readonly RuleSet _rules = new(rules);

    /// <summary>Scans assembly bytes.</summary>
    public ScanReport Scan(ReadOnlyMemory<byte> image)
    {
        try
        {
            using var pe = new PEReader(ImmutableArray.Create(image.Span));
            if (pe.PEHeaders.CorHeader is not { } cor || !pe.HasMetadata)
            {
                return new ScanReport([], ["not a .NET assembly"]);
            }

            var problems = new List<string>();
            if ((cor.Flags & CorFlags.ILOnly) == 0)
            {
                problems.Add("not IL-only: it contains native code");
            }

            if (cor.ManagedNativeHeaderDirectory.Size > 0)
            {
                problems.Add("contains precompiled native code (ReadyToRun)");
            }

            var walk = new Walk(pe, pe.GetMetadataReader(), _rules);
            walk.Run();
            return new ScanReport(walk.Violations(), problems);
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return new ScanReport([], [$"unreadable metadata or IL: {exception.Message}"]);
        }
    }

    /// <summary>One scan of one assembly; not shared between threads.</summary>
    private sealed class Walk(PEReader pe, MetadataReader reader, RuleSet rules)
    {
        private readonly HashSet<(string Api, string UsedIn)> _found = [];
        private readonly Dictionary<int, (string Api, DisallowedApi Rule)[]> _tokenHits = [];
        private readonly SignatureScanner _signatures = new(reader);

        public void Run()
        {
            CheckAttributes(reader.GetAssemblyDefinition().GetCustomAttributes(), "assembly attributes");
            CheckAttributes(reader.GetModuleDefinition().GetCustomAttributes(), "module attributes");
            foreach (var typeHandle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(typeHandle);
                var typeName = TypeNames.Of(reader, typeHandle);
                CheckAttributes(type.GetCustomAttributes(), typeName);
                if (!type.BaseType.IsNil)
                {
                    CheckTypeHandle(type.BaseType, typeName);
                }

                foreach (var implementation in type.GetInterfaceImplementations())
                {
                    CheckTypeHandle(reader.GetInterfaceImplementation(implementation).Interface, typeName);
                }

                foreach (var fieldHandle in type.GetFields())
                {
                    var field = reader.GetFieldDefinition(fieldHandle);
                    CheckAttributes(field.GetCustomAttributes(), typeName);
                    CheckSignature(_signatures.Field(field.Signature), $"{typeName}::{reader.GetString(field.Name)}");
                }

                foreach (var propertyHandle in type.GetProperties())
                {
                    CheckAttributes(reader.GetPropertyDefinition(propertyHandle).GetCustomAttributes(), typeName);
                }

                foreach (var methodHandle in type.GetMethods())
                {
                    CheckMethod(methodHandle, typeName);
                }
            }

            // Anything referenced that no walk above reached (e.g. only from unused metadata) is still reported.
            foreach (var handle in reader.TypeReferences)
            {
                var name = TypeNames.Of(reader, handle);
                if (rules.MatchType(name) is not null && !_found.Any(found => found.Api == name || found.Api.StartsWith(name + "::", StringComparison.Ordinal)))
                {
                    _found.Add((name, "assembly metadata"));
                }
            }
        }

        public List<ApiViolation> Violations() =>
            _found.Select(found => new ApiViolation(found.Api, found.UsedIn))
                .OrderBy(violation => violation.UsedIn, StringComparer.Ordinal)
                .ThenBy(violation => violation.Api, StringComparer.Ordinal)
                .ToList();

        private void CheckMethod(MethodDefinitionHandle handle, string typeName)
        {
            var method = reader.GetMethodDefinition(handle);
            var usedIn = $"{typeName}::{reader.GetString(method.Name)}";
            CheckAttributes(method.GetCustomAttributes(), usedIn);
            foreach (var parameter in method.GetParameters())
            {
                CheckAttributes(reader.GetParameter(parameter).GetCustomAttributes(), usedIn);
            }

            CheckSignature(_signatures.Method(method.Signature), usedIn);
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
            {
                CheckPInvoke(method, usedIn);
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                CheckSignature(_signatures.Locals(reader.GetStandaloneSignature(body.LocalSignature).Signature), usedIn);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var opCode = il.ReadByte() is var first && first == 0xFE ? 0xFE00 | il.ReadByte() : first;
                switch (Operands.Of(opCode))
                {
                    case OperandKind.Token:
                        CheckToken(il.ReadInt32(), usedIn);
                        break;
                    case OperandKind.Signature:
                        var token = il.ReadInt32();
                        if (rules.FunctionPointer is not null)
                        {
                            Add($"{DisallowedApi.FunctionPointer} calli", usedIn);
                        }

                        CheckSignature(_signatures.Standalone(MetadataTokens.StandaloneSignatureHandle(token & 0xFFFFFF)), usedIn);
                        break;
                    case OperandKind.Switch:
                        // Read the target count first: 'il.Offset += 4 * il.ReadInt32()' would add to the offset from
                        // before the read and land 4 bytes short, inside the jump table.
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case var kind:
                        il.Offset += (int)kind;
                        break;
                }
            }
        }

        /// <summary>
        /// [DllImport] is a pseudo-attribute: the compiler turns it into the PinvokeImpl flag and an ImplMap row, never a
        /// custom attribute, so a list that names the attribute type instead of [pinvoke] is honoured here.
        /// </summary>
        private void CheckPInvoke(MethodDefinition method, string usedIn)
        {
            if (rules.PInvoke is not null)
            {
                var import = method.GetImport();
                var module = import.Module.IsNil ? "?" : reader.GetString(reader.GetModuleReference(import.Module).Name);
                Add($"{DisallowedApi.PInvoke} {module}!{reader.GetString(import.Name)}", usedIn);
            }
            else if (rules.MatchType(DllImportAttribute) is not null)
            {
                Add(DllImportAttribute, usedIn);
            }
        }

        private void CheckToken(int token, string usedIn)
        {
            if (!_tokenHits.TryGetValue(token, out var hits))
            {
                hits = [.. ResolveToken(MetadataTokens.EntityHandle(token))];
                _tokenHits[token] = hits;
            }

            foreach (var (api, _) in hits)
            {
                Add(api, usedIn);
            }
        }

        /// <summary>Every disallowed API a token touches: the member itself and each type in its instantiation.</summary>
        private IEnumerable<(string Api, DisallowedApi Rule)> ResolveToken(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                    var name = TypeNames.Of(reader, (TypeReferenceHandle)handle);
                    if (rules.MatchType(name) is { } rule)
                    {
                        yield return (name, rule);
                    }

                    break;
                case HandleKind.TypeSpecification:
                    foreach (var hit in SignatureHits(_signatures.TypeSpec((TypeSpecificationHandle)handle)))
                    {
                        yield return hit;
                    }

                    break;
                case HandleKind.MemberReference:
                    foreach (var hit in MemberHits((MemberReferenceHandle)handle))
                    {
                        yield return hit;
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    foreach (var hit in ResolveToken(specification.Method))
                    {
                        yield return hit;
                    }

                    foreach (var hit in SignatureHits(_signatures.MethodSpec(specification.Signature)))
                    {
                        yield return hit;
                    }

                    break;
            }
        }

        private IEnumerable<(string Api, DisallowedApi Rule)> MemberHits(MemberReferenceHandle handle)
        {
            var member = reader.GetMemberReference(handle);
            var memberName = reader.GetString(member.Name);
            var signature = member.GetKind() == MemberReferenceKind.Method ? _signatures.Method(member.Signature) : _signatures.Field(member.Signature);
            foreach (var hit in SignatureHits(signature))
            {
                yield return hit;
            }

            string? typeName = member.Parent.Kind switch
            {
                HandleKind.TypeReference => TypeNames.Of(reader, (TypeReferenceHandle)member.Parent),
                HandleKind.TypeSpecification => _signatures.TypeSpec((TypeSpecificationHandle)member.Parent) is var parent && parent.Names.Count > 0 ? parent.Names[0] : null,
                _ => null,
            };
            if (member.Parent.Kind == HandleKind.TypeSpecification)
            {
                foreach (var hit in SignatureHits(_signatures.TypeSpec((TypeSpecificationHandle)member.Parent)))
                {
                    yield return hit;
                }
            }

            if (typeName is not null && rules.MatchMember(typeName, memberName, signature.Parameters) is { } rule)
            {
                yield return ($"{typeName}::{memberName}", rule);
            }
        }

        private IEnumerable<(string Api, DisallowedApi Rule)> SignatureHits(SignatureScanner.Result signature)
        {
            foreach (var name in signature.Names)
            {
                if (rules.MatchType(name) is { } rule)
                {
                    yield return (name, rule);
                }
            }

            if (signature.HasPointer && rules.UnsafePointer is { } pointer)
            {
                yield return (DisallowedApi.UnsafePointer, pointer);
            }

            if (signature.HasFunctionPointer && rules.FunctionPointer is { } functionPointer)
            {
                yield return (DisallowedApi.FunctionPointer, functionPointer);
            }
        }

        private void CheckSignature(SignatureScanner.Result signature, string usedIn)
        {
            foreach (var (api, _) in SignatureHits(signature))
            {
                Add(api, usedIn);
            }
        }

        private void CheckTypeHandle(EntityHandle handle, string usedIn)
        {
            foreach (var (api, _) in ResolveToken(handle))
            {
                Add(api, usedIn);
            }
        }

        private void CheckAttributes(CustomAttributeHandleCollection attributes, string usedIn)
        {
            foreach (var handle in attributes)
            {
                var constructor = reader.GetCustomAttribute(handle).Constructor;
                if (constructor.Kind == HandleKind.MemberReference)
                {
                    foreach (var (api, _) in MemberHits((MemberReferenceHandle)constructor))
                    {
                        Add(api.EndsWith("::.ctor", StringComparison.Ordinal) ? api[..^"::.ctor".Length] : api, usedIn);
                    }
                }
            }
        }

        private void Add(string api, string usedIn) => _found.Add((api, usedIn));
    }
}
