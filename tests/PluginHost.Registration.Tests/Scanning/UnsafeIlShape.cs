namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// The unsafe shapes <see cref="UnsafeIlImages"/> writes in hand-made IL, none with a pointer type in a local or a
/// method signature unless the name says so. <see cref="None"/> and the <c>Safe</c> shapes are the controls: IL
/// that looks alike and is safe.
/// </summary>
internal enum UnsafeIlShape
{
    /// <summary>Execute is <c>ret</c>.</summary>
    None,

    /// <summary><c>ldloca.s 0; conv.u; ldc.i4.s 42; stind.i4</c>: the address of a local written through, the pointer kept on the stack.</summary>
    LocalAddressOnTheStack,

    /// <summary>As <see cref="LocalAddressOnTheStack"/> with a <c>nop</c> between the address and <c>conv.i</c>.</summary>
    LocalAddressAfterNop,

    /// <summary><c>ldloca.s 0; br.s L; L: conv.u; ldc.i4.s 42; stind.i4</c>: the address carried across a jump.</summary>
    LocalAddressAcrossJump,

    /// <summary><c>ldloca.s 0; ldc.i4.0; brfalse.s L; L: conv.u; ldc.i4.s 42; stind.i4</c>: across a conditional jump.</summary>
    LocalAddressAcrossConditionalJump,

    /// <summary><c>ldloca.s 0; dup; conv.u</c>.</summary>
    LocalAddressDuplicated,

    /// <summary><c>ldarga.s 0; conv.u</c>.</summary>
    ArgumentAddress,

    /// <summary><c>ldarg.0; ldflda Field; conv.i</c>.</summary>
    FieldAddress,

    /// <summary><c>ldsflda Slot; conv.ovf.u</c>.</summary>
    StaticFieldAddress,

    /// <summary><c>newarr int32; ldc.i4.0; ldelema int32; conv.u</c>.</summary>
    ArrayElementAddress,

    /// <summary><c>ldloca.s 0; stloc.1; ldloc.1; conv.u</c>: the address kept in a by-ref local first.</summary>
    ByRefLocalConverted,

    /// <summary>Helper's <c>ldarg.0; conv.u</c> on its <c>int32&amp;</c> parameter.</summary>
    ByRefParameterConverted,

    /// <summary><c>ldloca.s 0; call int32&amp; Helper(int32&amp;); conv.u</c>.</summary>
    ByRefReturnConverted,

    /// <summary><c>ldloca.s 0; ldc.i4.0; pop; conv.u</c>: the stack is followed, not the instruction before.</summary>
    LocalAddressUnderAPoppedValue,

    /// <summary><c>ldloca.s 0; stloc.2; ldloc.2; ldc.i4.s 42; stind.i4</c>: the address kept in a <c>native int</c> local, no conversion.</summary>
    LocalAddressStoredInNativeIntLocal,

    /// <summary><c>ldloca.s 0; call native int Number(native int)</c>: the address passed where a number goes.</summary>
    LocalAddressPassedAsNumber,

    /// <summary>Number's <c>ldarga.s 0; ret</c>: an address returned where a number goes.</summary>
    ArgumentAddressReturnedAsNumber,

    /// <summary><c>ldloca.s 0; ldc.i4.8; add; ldc.i4.s 42; stind.i4</c>: past the local, with no conversion at all.</summary>
    LocalAddressArithmetic,

    /// <summary><c>ldc.i4.8; ldloca.s 0; add</c>.</summary>
    LocalAddressArithmeticReversed,

    /// <summary><c>ldloca.s 0; ldloc.0; conv.i; ldc.i4.4; mul; add</c>: a scaled index computed above the address, then added to it.</summary>
    LocalAddressScaledArithmetic,

    /// <summary><c>ldc.i4.s 16; localloc</c>.</summary>
    Localloc,

    /// <summary><c>cpblk</c> from one local to another.</summary>
    Cpblk,

    /// <summary><c>initblk</c> of a local.</summary>
    Initblk,

    /// <summary><c>ldloca.s 0; mkrefany int32; refanyval int32</c>.</summary>
    TypedReference,

    /// <summary><c>arglist</c>.</summary>
    Arglist,

    /// <summary><c>ldftn StaticTarget; stloc.2</c>: a method's address kept as a number.</summary>
    FunctionAddressAsNumber,

    /// <summary><c>sizeof int32*</c>: a pointer only in a type specification.</summary>
    PointerInTypeSpecification,

    /// <summary>A property of type <c>int32*</c> without accessors.</summary>
    PointerInPropertySignature,

    /// <summary>A stand-alone local signature with an <c>int32*</c> that no method body names.</summary>
    PointerInUnusedStandaloneSignature,

    /// <summary><c>[module: System.Security.UnverifiableCode]</c> on otherwise safe code.</summary>
    UnverifiableCodeAttribute,

    /// <summary>A declarative <c>SecurityPermission(SkipVerification = true)</c> request on the assembly.</summary>
    SkipVerificationRequest,

    /// <summary>Control: <c>ldloca.s 0; ldc.i4.s 42; stind.i4; ldloc.0; conv.i8</c>, a store through an address and the conversion of a value.</summary>
    SafeStoreAndConversion,

    /// <summary>Control: <c>ldloca.s 0; call Helper; ldind.i4; conv.i8</c>, a by-ref return read, then converted.</summary>
    SafeByRefReturnRead,

    /// <summary>Control: <c>ldnull; ldftn StaticTarget; newobj Action::.ctor</c>, a delegate as C# makes one.</summary>
    SafeDelegate,

    /// <summary>Control: <c>ldloc.0; ldc.i4.8; add; conv.i</c>, arithmetic and conversion on values.</summary>
    SafeArithmetic,

    /// <summary>Control: <c>ldloca.s 0; ldloc.0; ldc.i4.1; add; call Store(int32&amp;, int32)</c>, arithmetic above an address passed by reference.</summary>
    SafeArithmeticAboveAnAddress,

    /// <summary>Control: <c>ldloca.s 0; stloc.1; ldloc.1; ldc.i4.s 42; stind.i4</c>, an address kept in a by-ref local.</summary>
    SafeByRefLocal,
}
