using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// Plug-in assemblies written with System.Reflection.Metadata: a valid plug-in (<see cref="PluginType"/> implementing
/// IPlugin, with a public constructor and an Execute method) with one defect the C# compiler never emits and a hostile
/// author can. Each factory can also build the same image without its defect, so a test can show that the defect
/// alone is what refuses it.
/// </summary>
internal static class CraftedImages
{
    /// <summary>The plug-in type every crafted image defines.</summary>
    public const string PluginType = "Crafted.CraftedPlugin";

    /// <summary>The token of the member reference <c>System.Object::.ctor</c>, a valid call target in every crafted image.</summary>
    public const int ObjectConstructorToken = 0x0A000001;

    private const string AttributeName = "CraftedAttribute";

    // Two type references precede the chain: System.Object and IPlugin.
    private const int FirstChainRow = 3;

    private static readonly byte[] SystemRuntimePublicKeyToken = [0xB0, 0x3F, 0x5F, 0x7F, 0x11, 0xD5, 0x0A, 0x3A];

    // The value blob of an attribute without arguments: the prolog 0x0001 and a count of 0 named arguments.
    private static readonly byte[] AttributeWithoutArguments = [0x01, 0x00, 0x00, 0x00];

    /// <summary>
    /// A plug-in whose assembly carries an attribute of a type nested <paramref name="length"/> type references deep,
    /// the attribute type innermost. Open, the outermost reference is in namespace <c>Crafted</c> of System.Runtime;
    /// closed, it is scoped in the innermost, making a ring: with a length of 1, a type reference scoped in itself.
    /// </summary>
    public static byte[] WithNestedAttributeType(int length, bool closed) =>
        Build(length, closed, ObjectConstructorToken);

    /// <summary>The full name of the attribute type of an open chain of <paramref name="length"/>.</summary>
    public static string NestedAttributeTypeName(int length) =>
        "Crafted." + string.Join("+", Enumerable.Range(1, length - 1).Select(level => $"Scope{level}").Append(AttributeName));

    /// <summary>A plug-in whose Execute body is <c>call &lt;token&gt;; ret</c>, the four token bytes written as given.</summary>
    public static byte[] WithCallInExecute(int token) =>
        Build(chainLength: 0, closedChain: false, token);

    /// <summary>A plug-in whose Execute body is <c>calli &lt;token&gt;; ret</c>, the four token bytes written as given.</summary>
    public static byte[] WithCalliInExecute(int token) =>
        Build(chainLength: 0, closedChain: false, token, ILOpCode.Calli);

    /// <summary>
    /// A plug-in whose Execute calls <c>GetType()</c> on a member reference whose parent is a type specification
    /// with the given signature bytes; <paramref name="typeSpecification"/> may name System.Object, type reference row 1,
    /// as the coded index 0x05.
    /// </summary>
    public static byte[] WithCallToMemberOf(byte[] typeSpecification) =>
        Build(chainLength: 0, closedChain: false, ObjectConstructorToken, ILOpCode.Call, typeSpecification);

    private static byte[] Build(int chainLength, bool closedChain, int executeCallToken, ILOpCode executeOpCode = ILOpCode.Call, byte[]? memberParent = null)
    {
        var metadata = new MetadataBuilder();
        var ilStream = new BlobBuilder();
        var bodies = new MethodBodyStreamEncoder(ilStream);

        metadata.AddModule(0, metadata.GetOrAddString("Crafted.Plugin.dll"), metadata.GetOrAddGuid(new Guid("5f0c1a52-58e1-4b43-9a0e-1c2d3e4f5a6b")), default, default);
        var assembly = metadata.AddAssembly(metadata.GetOrAddString("Crafted.Plugin"), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.None);
        var runtime = metadata.AddAssemblyReference(
            metadata.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default, metadata.GetOrAddBlob(SystemRuntimePublicKeyToken), default, default);
        var contracts = metadata.AddAssemblyReference(
            metadata.GetOrAddString("Microsoft.Xrm.Sdk"), new Version(9, 0, 0, 0), default, default, default, default);

        var systemObject = metadata.AddTypeReference(runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));
        var plugin = metadata.AddTypeReference(contracts, metadata.GetOrAddString("Microsoft.Xrm.Sdk"), metadata.GetOrAddString("IPlugin"));
        var voidInstanceMethod = VoidInstanceMethodSignature(metadata);
        var objectConstructor = metadata.AddMemberReference(systemObject, metadata.GetOrAddString(".ctor"), voidInstanceMethod);
        if (memberParent is not null)
        {
            var parent = metadata.AddTypeSpecification(metadata.GetOrAddBlob(memberParent));
            executeCallToken = MetadataTokens.GetToken(metadata.AddMemberReference(parent, metadata.GetOrAddString("GetType"), voidInstanceMethod));
        }

        if (chainLength > 0)
        {
            AddAttributeOfNestedType(metadata, assembly, runtime, voidInstanceMethod, chainLength, closedChain);
        }

        var constructorIl = new InstructionEncoder(new BlobBuilder());
        constructorIl.LoadArgument(0);
        constructorIl.Call(objectConstructor);
        constructorIl.OpCode(ILOpCode.Ret);

        // Written through Token(int), which copies the four bytes without checking them, as a hostile compiler would.
        var executeIl = new InstructionEncoder(new BlobBuilder());
        executeIl.OpCode(executeOpCode);
        executeIl.Token(executeCallToken);
        executeIl.OpCode(ILOpCode.Ret);

        var constructor = metadata.AddMethodDefinition(
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            MethodImplAttributes.IL,
            metadata.GetOrAddString(".ctor"),
            voidInstanceMethod,
            bodies.AddMethodBody(constructorIl),
            MetadataTokens.ParameterHandle(1));
        metadata.AddMethodDefinition(
            MethodAttributes.Public | MethodAttributes.HideBySig,
            MethodImplAttributes.IL,
            metadata.GetOrAddString("Execute"),
            voidInstanceMethod,
            bodies.AddMethodBody(executeIl),
            MetadataTokens.ParameterHandle(1));

        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), constructor);
        var pluginType = metadata.AddTypeDefinition(
            TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.BeforeFieldInit,
            metadata.GetOrAddString("Crafted"),
            metadata.GetOrAddString("CraftedPlugin"),
            systemObject,
            MetadataTokens.FieldDefinitionHandle(1),
            constructor);
        metadata.AddInterfaceImplementation(pluginType, plugin);

        var image = new BlobBuilder();
        new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), ilStream, flags: CorFlags.ILOnly)
            .Serialize(image);
        return image.ToArray();
    }

    /// <summary>
    /// Adds the chain of type references, innermost (the attribute type) first, each scoped in the next row, which is
    /// added after it: a row may name a row the table does not have yet, or itself, because only readers follow it.
    /// </summary>
    private static void AddAttributeOfNestedType(
        MetadataBuilder metadata, AssemblyDefinitionHandle assembly, AssemblyReferenceHandle runtime, BlobHandle voidInstanceMethod, int length, bool closed)
    {
        for (var index = 0; index < length; index++)
        {
            var outermost = index == length - 1;
            EntityHandle scope = !outermost ? MetadataTokens.TypeReferenceHandle(FirstChainRow + index + 1)
                : closed ? MetadataTokens.TypeReferenceHandle(FirstChainRow)
                : runtime;
            var row = metadata.AddTypeReference(
                scope,
                outermost ? metadata.GetOrAddString("Crafted") : default,
                metadata.GetOrAddString(index == 0 ? AttributeName : $"Scope{length - index}"));
            if (MetadataTokens.GetRowNumber(row) != FirstChainRow + index)
            {
                throw new InvalidOperationException($"type reference row {MetadataTokens.GetRowNumber(row)} added where the chain expects row {FirstChainRow + index}");
            }
        }

        var attributeConstructor = metadata.AddMemberReference(MetadataTokens.TypeReferenceHandle(FirstChainRow), metadata.GetOrAddString(".ctor"), voidInstanceMethod);

        metadata.AddCustomAttribute(assembly, attributeConstructor, metadata.GetOrAddBlob(AttributeWithoutArguments));
    }

    private static BlobHandle VoidInstanceMethodSignature(MetadataBuilder metadata)
    {
        var signature = new BlobBuilder();
        new BlobEncoder(signature).MethodSignature(isInstanceMethod: true).Parameters(0, returnType => returnType.Void(), _ => { });
        return metadata.GetOrAddBlob(signature);
    }
}
