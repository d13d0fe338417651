using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// Plug-in assemblies written with System.Reflection.Metadata, each with one <see cref="UnsafeIlShape"/>: the unsafe IL
/// a hostile author can write by hand and the C# compiler never makes on its own (no pointer local, no
/// UnverifiableCode attribute). Each image is otherwise a registrable plug-in: <see cref="PluginType"/> implements
/// IPlugin and has a public constructor. Its members: <c>Execute()</c> with locals <c>(int32, int32&amp;, native int)</c>,
/// <c>static int32&amp; Helper(int32&amp;)</c>, <c>static void StaticTarget()</c>, <c>static native int Number(native int)</c>,
/// <c>static void Store(int32&amp;, int32)</c>, <c>int32 Field</c> and <c>static int32 Slot</c>.
/// </summary>
internal static partial class UnsafeIlImages
{
    /// <summary>The plug-in type every image defines.</summary>
    public const string PluginType = "Crafted.CraftedPlugin";

    /// <summary>The name of the assembly every image defines.</summary>
    public const string AssemblyName = "Crafted.Unsafe";

    private const string SecurityPermission =
        "System.Security.Permissions.SecurityPermissionAttribute, System.Runtime, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a";

    private static readonly byte[] SystemRuntimePublicKeyToken = [0xB0, 0x3F, 0x5F, 0x7F, 0x11, 0xD5, 0x0A, 0x3A];

    /// <summary>The image with <paramref name="shape"/>, and a managed resource of <paramref name="resourceBytes"/> zero bytes if not 0.</summary>
    public static byte[] With(UnsafeIlShape shape, int resourceBytes = 0)
    {
        var metadata = new MetadataBuilder();
        var parts = new Parts(metadata, shape);
        var ilStream = new BlobBuilder();
        var bodies = new MethodBodyStreamEncoder(ilStream);

        var firstMethod = parts.AddMethods(bodies);
        var slot = metadata.AddFieldDefinition(FieldAttributes.Public | FieldAttributes.Static, metadata.GetOrAddString("Slot"), Int32Field(metadata));
        metadata.AddFieldDefinition(FieldAttributes.Public, metadata.GetOrAddString("Field"), Int32Field(metadata));

        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, slot, firstMethod);
        var plugin = metadata.AddTypeDefinition(
            TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.BeforeFieldInit,
            metadata.GetOrAddString("Crafted"),
            metadata.GetOrAddString("CraftedPlugin"),
            parts.SystemObject,
            slot,
            firstMethod);
        metadata.AddInterfaceImplementation(plugin, parts.Plugin);
        parts.AddExtras(plugin);

        var resources = new BlobBuilder();
        if (resourceBytes > 0)
        {
            resources.WriteInt32(resourceBytes);
            resources.WriteBytes(0, resourceBytes);
            metadata.AddManifestResource(ManifestResourceAttributes.Public, metadata.GetOrAddString("Padding.bin"), default, 0);
        }

        var image = new BlobBuilder();
        new ManagedPEBuilder(
                PEHeaderBuilder.CreateLibraryHeader(),
                new MetadataRootBuilder(metadata),
                ilStream,
                managedResources: resourceBytes > 0 ? resources : null,
                flags: CorFlags.ILOnly)
            .Serialize(image);
        return image.ToArray();
    }

    private static BlobHandle Int32Field(MetadataBuilder metadata)
    {
        var signature = new BlobBuilder();
        new BlobEncoder(signature).Field().Type().Int32();
        return metadata.GetOrAddBlob(signature);
    }

    /// <summary>The metadata rows of one image, added in the order the tables need.</summary>
    private sealed partial class Parts
    {
        private readonly MetadataBuilder _metadata;
        private readonly UnsafeIlShape _shape;
        private readonly AssemblyDefinitionHandle _assembly;
        private readonly AssemblyReferenceHandle _runtime;
        private readonly MemberReferenceHandle _objectConstructor;
        private readonly MemberReferenceHandle _actionConstructor;
        private readonly TypeReferenceHandle _int32;
        private readonly BlobHandle _voidInstanceMethod;

        public Parts(MetadataBuilder metadata, UnsafeIlShape shape)
        {
            _metadata = metadata;
            _shape = shape;
            metadata.AddModule(0, metadata.GetOrAddString($"{AssemblyName}.dll"), metadata.GetOrAddGuid(new Guid("0b7c4f4e-2f1a-4d6e-8a51-7f3c2b1d9e60")), default, default);
            _assembly = metadata.AddAssembly(metadata.GetOrAddString(AssemblyName), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.None);
            _runtime = metadata.AddAssemblyReference(
                metadata.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default, metadata.GetOrAddBlob(SystemRuntimePublicKeyToken), default, default);
            var sdk = metadata.AddAssemblyReference(metadata.GetOrAddString("Microsoft.Xrm.Sdk"), new Version(9, 0, 0, 0), default, default, default, default);

            SystemObject = metadata.AddTypeReference(_runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));
            Plugin = metadata.AddTypeReference(sdk, metadata.GetOrAddString("Microsoft.Xrm.Sdk"), metadata.GetOrAddString("IPlugin"));
            _int32 = metadata.AddTypeReference(_runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Int32"));
            var action = metadata.AddTypeReference(_runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Action"));

            _voidInstanceMethod = Signature(method => method.MethodSignature(isInstanceMethod: true).Parameters(0, returnType => returnType.Void(), _ => { }));
            _objectConstructor = metadata.AddMemberReference(SystemObject, metadata.GetOrAddString(".ctor"), _voidInstanceMethod);
            _actionConstructor = metadata.AddMemberReference(
                action,
                metadata.GetOrAddString(".ctor"),
                Signature(method => method.MethodSignature(isInstanceMethod: true).Parameters(
                    2,
                    returnType => returnType.Void(),
                    parameters =>
                    {
                        parameters.AddParameter().Type().Object();
                        parameters.AddParameter().Type().IntPtr();
                    })));
        }

        public TypeReferenceHandle SystemObject { get; }

        public TypeReferenceHandle Plugin { get; }

        /// <summary>Adds .ctor, Execute, Helper, StaticTarget, Number and Store; returns the first.</summary>
        public MethodDefinitionHandle AddMethods(MethodBodyStreamEncoder bodies)
        {
            // Row numbers are fixed by the order below: .ctor 1, Execute 2, Helper 3, StaticTarget 4, Number 5, Store 6.
            var helper = MetadataTokens.MethodDefinitionHandle(3);
            var staticTarget = MetadataTokens.MethodDefinitionHandle(4);
            var methods = new Methods(helper, staticTarget, MetadataTokens.MethodDefinitionHandle(5), MetadataTokens.MethodDefinitionHandle(6));
            var field = MetadataTokens.FieldDefinitionHandle(2);
            var slot = MetadataTokens.FieldDefinitionHandle(1);

            var constructor = Method(".ctor", MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, _voidInstanceMethod, bodies, il =>
            {
                il.LoadArgument(0);
                il.Call(_objectConstructor);
            });
            var locals = _metadata.AddStandaloneSignature(Signature(encoder =>
            {
                var variables = encoder.LocalVariableSignature(3);
                variables.AddVariable().Type().Int32();
                variables.AddVariable().Type(isByRef: true).Int32();
                variables.AddVariable().Type().IntPtr();
            }));
            Method("Execute", 0, _voidInstanceMethod, bodies, il => ExecuteBody(il, methods, field, slot), locals);
            var helperSignature = Signature(method => method.MethodSignature().Parameters(
                1,
                returnType => returnType.Type(isByRef: true).Int32(),
                parameters => parameters.AddParameter().Type(isByRef: true).Int32()));
            Method("Helper", MethodAttributes.Static, helperSignature, bodies, il =>
            {
                if (_shape == UnsafeIlShape.ByRefParameterConverted)
                {
                    il.LoadArgument(0);
                    il.OpCode(ILOpCode.Conv_u);
                    il.OpCode(ILOpCode.Pop);
                }

                il.LoadArgument(0);
            });
            Method("StaticTarget", MethodAttributes.Static, Signature(method => method.MethodSignature().Parameters(0, returnType => returnType.Void(), _ => { })), bodies, _ => { });
            var numberSignature = Signature(method => method.MethodSignature().Parameters(
                1,
                returnType => returnType.Type().IntPtr(),
                parameters => parameters.AddParameter().Type().IntPtr()));
            Method("Number", MethodAttributes.Static, numberSignature, bodies, il =>
            {
                if (_shape == UnsafeIlShape.ArgumentAddressReturnedAsNumber)
                {
                    il.LoadArgumentAddress(0);
                }
                else
                {
                    il.LoadArgument(0);
                }
            });
            var storeSignature = Signature(method => method.MethodSignature().Parameters(
                2,
                returnType => returnType.Void(),
                parameters =>
                {
                    parameters.AddParameter().Type(isByRef: true).Int32();
                    parameters.AddParameter().Type().Int32();
                }));
            Method("Store", MethodAttributes.Static, storeSignature, bodies, il =>
            {
                il.LoadArgument(0);
                il.LoadArgument(1);
                il.OpCode(ILOpCode.Stind_i4);
            });
            return constructor;
        }

        /// <summary>The rows the shapes that are not method bodies need, once the plug-in type exists.</summary>
        public void AddExtras(TypeDefinitionHandle plugin)
        {
            switch (_shape)
            {
                case UnsafeIlShape.PointerInPropertySignature:
                    var property = _metadata.AddProperty(
                        PropertyAttributes.None,
                        _metadata.GetOrAddString("Pointer"),
                        Signature(encoder => encoder.PropertySignature(isInstanceProperty: true).Parameters(0, type => type.Type().Pointer().Int32(), _ => { })));
                    _metadata.AddPropertyMap(plugin, property);
                    break;
                case UnsafeIlShape.PointerInUnusedStandaloneSignature:
                    _metadata.AddStandaloneSignature(Signature(encoder => encoder.LocalVariableSignature(1).AddVariable().Type().Pointer().Int32()));
                    break;
                case UnsafeIlShape.UnverifiableCodeAttribute:
                    var attribute = _metadata.AddTypeReference(_runtime, _metadata.GetOrAddString("System.Security"), _metadata.GetOrAddString("UnverifiableCodeAttribute"));
                    var attributeConstructor = _metadata.AddMemberReference(attribute, _metadata.GetOrAddString(".ctor"), _voidInstanceMethod);
                    _metadata.AddCustomAttribute(EntityHandle.ModuleDefinition, attributeConstructor, _metadata.GetOrAddBlob(new byte[] { 0x01, 0x00, 0x00, 0x00 }));
                    break;
                case UnsafeIlShape.SkipVerificationRequest:
                    _metadata.AddDeclarativeSecurityAttribute(_assembly, DeclarativeSecurityAction.RequestMinimum, _metadata.GetOrAddBlob(SkipVerificationPermissionSet()));
                    break;
            }
        }

        /// <summary>The binary permission set C# writes for /unsafe: SecurityPermission with SkipVerification = true.</summary>
        private static byte[] SkipVerificationPermissionSet()
        {
            var arguments = new BlobBuilder();
            arguments.WriteCompressedInteger(1);
            arguments.WriteByte(0x54); // PROPERTY
            arguments.WriteByte((byte)SerializationTypeCode.Boolean);
            arguments.WriteSerializedString("SkipVerification");
            arguments.WriteBoolean(true);

            var set = new BlobBuilder();
            set.WriteByte((byte)'.');
            set.WriteCompressedInteger(1);
            set.WriteSerializedString(SecurityPermission);
            set.WriteCompressedInteger(arguments.Count);
            set.LinkSuffix(arguments);
            return set.ToArray();
        }

        private MethodDefinitionHandle Method(
            string name, MethodAttributes attributes, BlobHandle signature, MethodBodyStreamEncoder bodies, Action<InstructionEncoder> body, StandaloneSignatureHandle locals = default)
        {
            var il = new InstructionEncoder(new BlobBuilder());
            body(il);
            il.OpCode(ILOpCode.Ret);
            return _metadata.AddMethodDefinition(
                MethodAttributes.Public | MethodAttributes.HideBySig | attributes,
                MethodImplAttributes.IL,
                _metadata.GetOrAddString(name),
                signature,
                bodies.AddMethodBody(il, maxStack: 8, localVariablesSignature: locals),
                MetadataTokens.ParameterHandle(1));
        }

        private BlobHandle Signature(Action<BlobEncoder> write)
        {
            var blob = new BlobBuilder();
            write(new BlobEncoder(blob));
            return _metadata.GetOrAddBlob(blob);
        }

        /// <summary>The static methods an Execute body can call or take the address of.</summary>
        private sealed record Methods(MethodDefinitionHandle Helper, MethodDefinitionHandle StaticTarget, MethodDefinitionHandle Number, MethodDefinitionHandle Store);
    }
}
