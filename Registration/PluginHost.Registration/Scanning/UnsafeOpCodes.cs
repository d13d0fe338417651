using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>What an IL opcode means to <see cref="UnsafeInstructions"/>; most mean nothing.</summary>
internal enum UnsafeRole : byte
{
    None,

    /// <summary>Unsafe wherever it stands: unmanaged memory or a typed reference (localloc, cpblk, mkrefany...).</summary>
    AlwaysUnsafe,

    /// <summary>A conversion or unary operation: unsafe on a managed address.</summary>
    Conversion,

    /// <summary>Arithmetic on two operands: unsafe when either is a managed address.</summary>
    Arithmetic,

    /// <summary>ldftn or ldvirtftn: unsafe unless a delegate constructor takes the address at once.</summary>
    FunctionAddress,

    /// <summary>Always pushes a managed address (ldloca, ldarga, ldflda, ldsflda, ldelema, unbox).</summary>
    Address,

    /// <summary>ldarg: pushes a managed address when the argument is by reference, or is a value type's <c>this</c>.</summary>
    MaybeAddressArgument,

    /// <summary>ldloc: pushes a managed address when the local is by reference.</summary>
    MaybeAddressLocal,

    /// <summary>ldfld, ldsfld, call, callvirt: push a managed address when the field or the return is by reference.</summary>
    MaybeAddressMember,
}

/// <summary>Whether the walk hands an instruction to <see cref="UnsafeInstructions.Step"/> while no address is on the stack.</summary>
internal enum Interest : byte
{
    None,
    Always,

    /// <summary>When the field or method its token names is (or returns) by reference.</summary>
    IfMemberIsByRef,
}

/// <summary>
/// The <see cref="UnsafeRole"/> and stack effect of every IL opcode, one-byte and 0xFE-prefixed, as <see cref="Operands"/>
/// numbers them. The stack effects are the runtime's own (<see cref="OpCodes"/>); the variable ones (calls, ret)
/// come from signatures.
/// </summary>
internal static class UnsafeOpCodes
{
    /// <summary>A pop or push count that depends on the signature the instruction names.</summary>
    public const sbyte Variable = -1;

    // Field initializers, not a static constructor: the type stays beforefieldinit, so the walk's per-instruction
    // lookup (in methods compiled fully optimized at once) carries no check that the tables are built.
    private static readonly sbyte[] PopCounts = new sbyte[512];
    private static readonly sbyte[] PushCounts = new sbyte[512];
    private static readonly bool[] EndsFlow = new bool[512];

    /// <summary>The role of every opcode, indexed by <see cref="Index"/>; the walk keeps it in a field, which spares it a check per instruction that this type is initialized.</summary>
    public static UnsafeRole[] Roles { get; } = Build();

    private static readonly Interest[][] IdleInterestTables = [.. Enumerable.Range(0, 8).Select(BuildIdleInterest)];

    private static UnsafeRole[] Build()
    {
        var roles = new UnsafeRole[512];
        foreach (var field in typeof(OpCodes).GetFields())
        {
            if (field.GetValue(null) is OpCode opCode)
            {
                var index = Index((ushort)opCode.Value);
                PopCounts[index] = Pops(opCode.StackBehaviourPop);
                PushCounts[index] = Pushes(opCode.StackBehaviourPush);
                EndsFlow[index] = opCode.FlowControl is FlowControl.Branch or FlowControl.Return or FlowControl.Throw;
            }
        }

        // leave empties the stack and endfinally and endfilter end a handler; the table files them as other flow kinds.
        foreach (var opCode in new[] { ILOpCode.Leave, ILOpCode.Leave_s, ILOpCode.Endfinally, ILOpCode.Endfilter, ILOpCode.Jmp })
        {
            EndsFlow[Index((int)opCode)] = true;
        }

        Set(roles, UnsafeRole.AlwaysUnsafe, ILOpCode.Localloc, ILOpCode.Cpblk, ILOpCode.Initblk, ILOpCode.Mkrefany, ILOpCode.Refanyval, ILOpCode.Refanytype, ILOpCode.Arglist);
        Set(
            roles,
            UnsafeRole.Conversion,
            ILOpCode.Conv_i1,
            ILOpCode.Conv_i2,
            ILOpCode.Conv_i4,
            ILOpCode.Conv_i8,
            ILOpCode.Conv_r4,
            ILOpCode.Conv_r8,
            ILOpCode.Conv_u4,
            ILOpCode.Conv_u8,
            ILOpCode.Conv_r_un,
            ILOpCode.Conv_ovf_i1_un,
            ILOpCode.Conv_ovf_i2_un,
            ILOpCode.Conv_ovf_i4_un,
            ILOpCode.Conv_ovf_i8_un,
            ILOpCode.Conv_ovf_u1_un,
            ILOpCode.Conv_ovf_u2_un,
            ILOpCode.Conv_ovf_u4_un,
            ILOpCode.Conv_ovf_u8_un,
            ILOpCode.Conv_ovf_i_un,
            ILOpCode.Conv_ovf_u_un,
            ILOpCode.Conv_ovf_i1,
            ILOpCode.Conv_ovf_u1,
            ILOpCode.Conv_ovf_i2,
            ILOpCode.Conv_ovf_u2,
            ILOpCode.Conv_ovf_i4,
            ILOpCode.Conv_ovf_u4,
            ILOpCode.Conv_ovf_i8,
            ILOpCode.Conv_ovf_u8,
            ILOpCode.Conv_u2,
            ILOpCode.Conv_u1,
            ILOpCode.Conv_i,
            ILOpCode.Conv_ovf_i,
            ILOpCode.Conv_ovf_u,
            ILOpCode.Conv_u,
            ILOpCode.Neg,
            ILOpCode.Not);
        Set(
            roles,
            UnsafeRole.Arithmetic,
            ILOpCode.Add,
            ILOpCode.Sub,
            ILOpCode.Mul,
            ILOpCode.Div,
            ILOpCode.Div_un,
            ILOpCode.Rem,
            ILOpCode.Rem_un,
            ILOpCode.And,
            ILOpCode.Or,
            ILOpCode.Xor,
            ILOpCode.Shl,
            ILOpCode.Shr,
            ILOpCode.Shr_un,
            ILOpCode.Add_ovf,
            ILOpCode.Add_ovf_un,
            ILOpCode.Mul_ovf,
            ILOpCode.Mul_ovf_un,
            ILOpCode.Sub_ovf,
            ILOpCode.Sub_ovf_un);
        Set(roles, UnsafeRole.FunctionAddress, ILOpCode.Ldftn, ILOpCode.Ldvirtftn);
        Set(roles, UnsafeRole.Address, ILOpCode.Ldloca, ILOpCode.Ldloca_s, ILOpCode.Ldarga, ILOpCode.Ldarga_s, ILOpCode.Ldflda, ILOpCode.Ldsflda, ILOpCode.Ldelema, ILOpCode.Unbox);
        Set(roles, UnsafeRole.MaybeAddressArgument, ILOpCode.Ldarg_0, ILOpCode.Ldarg_1, ILOpCode.Ldarg_2, ILOpCode.Ldarg_3, ILOpCode.Ldarg_s, ILOpCode.Ldarg);
        Set(roles, UnsafeRole.MaybeAddressLocal, ILOpCode.Ldloc_0, ILOpCode.Ldloc_1, ILOpCode.Ldloc_2, ILOpCode.Ldloc_3, ILOpCode.Ldloc_s, ILOpCode.Ldloc);
        Set(roles, UnsafeRole.MaybeAddressMember, ILOpCode.Ldfld, ILOpCode.Ldsfld, ILOpCode.Call, ILOpCode.Callvirt);
        return roles;
    }

    /// <summary>
    /// Which opcodes matter while no address is on the stack (indexed by <see cref="Index"/>): all but conversions,
    /// arithmetic and the instructions that have no role; loads of arguments or locals only when the method has one
    /// that may hold an address, and field loads and calls (<see cref="Interest.IfMemberIsByRef"/>) only when the
    /// assembly has a by-ref member. One table per combination, built once.
    /// </summary>
    public static Interest[] IdleInterest(bool arguments, bool locals, bool members) =>
        IdleInterestTables[(arguments ? 1 : 0) | (locals ? 2 : 0) | (members ? 4 : 0)];

    /// <summary>How many values the instruction takes from the stack, or <see cref="Variable"/>.</summary>
    public static sbyte PopsOf(int opCode) => PopCounts[Index(opCode)];

    /// <summary>How many values the instruction leaves on the stack, or <see cref="Variable"/>.</summary>
    public static sbyte PushesOf(int opCode) => PushCounts[Index(opCode)];

    /// <summary>Whether the next instruction is not reached from this one (br, ret, throw, leave...): what is on the stack there is not known.</summary>
    public static bool EndsFlowOf(int opCode) => EndsFlow[Index(opCode)];

    /// <summary>The name ECMA-335 gives an opcode: <c>conv.ovf.u.un</c> for <see cref="ILOpCode.Conv_ovf_u_un"/>.</summary>
    public static string Name(int opCode) =>
        ((ILOpCode)opCode).ToString().ToLowerInvariant().Replace('_', '.');

    /// <summary>Where an opcode (0xFE-prefixed ones as 0xFExx) sits in the tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(int opCode) => opCode >= 0xFE00 ? 256 + (opCode & 0xFF) : opCode;

    private static Interest[] BuildIdleInterest(int combination) =>
    [
        .. Roles.Select(role => role switch
        {
            UnsafeRole.None or UnsafeRole.Conversion or UnsafeRole.Arithmetic => Interest.None,
            UnsafeRole.MaybeAddressArgument => (combination & 1) != 0 ? Interest.Always : Interest.None,
            UnsafeRole.MaybeAddressLocal => (combination & 2) != 0 ? Interest.Always : Interest.None,
            UnsafeRole.MaybeAddressMember => (combination & 4) != 0 ? Interest.IfMemberIsByRef : Interest.None,
            _ => Interest.Always,
        }),
    ];

    private static void Set(UnsafeRole[] roles, UnsafeRole role, params ILOpCode[] opCodes)
    {
        foreach (var opCode in opCodes)
        {
            roles[Index((int)opCode)] = role;
        }
    }

    private static sbyte Pops(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8 or StackBehaviour.Popi_popr4
            or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
            or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref or StackBehaviour.Popref_popi_pop1 => 3,
        _ => Variable,
    };

    private static sbyte Pushes(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Push0 => 0,
        StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
        StackBehaviour.Push1_push1 => 2,
        _ => Variable,
    };
}
