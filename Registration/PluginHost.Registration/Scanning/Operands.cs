using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>What follows an IL opcode: a byte count to skip, or something the scanner reads.</summary>
internal enum OperandKind
{
    None = 0,
    Byte = 1,
    Short = 2,
    Int = 4,
    Long = 8,
    Token = 100,
    Signature = 101,
    Switch = 102,
}

/// <summary>The operand kind of every IL opcode (ECMA-335 III), one-byte and 0xFE-prefixed.</summary>
internal static class Operands
{
    private static readonly OperandKind[] OneByte = BuildOneByte();
    private static readonly OperandKind[] TwoByte = BuildTwoByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OperandKind Of(int opCode) =>
        opCode >= 0xFE00 ? TwoByte[opCode & 0xFF] : OneByte[opCode];

    private static OperandKind[] BuildOneByte()
    {
        var kinds = new OperandKind[256];
        foreach (var code in new[] { 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x1F, 0xDE })
        {
            kinds[code] = OperandKind.Byte; // short variable indexes, ldc.i4.s, leave.s
        }

        for (var code = 0x2B; code <= 0x37; code++)
        {
            kinds[code] = OperandKind.Byte; // short branches
        }

        for (var code = 0x38; code <= 0x44; code++)
        {
            kinds[code] = OperandKind.Int; // branches
        }

        kinds[0x20] = OperandKind.Int; // ldc.i4
        kinds[0x21] = OperandKind.Long; // ldc.i8
        kinds[0x22] = OperandKind.Int; // ldc.r4
        kinds[0x23] = OperandKind.Long; // ldc.r8
        kinds[0x29] = OperandKind.Signature; // calli
        kinds[0x45] = OperandKind.Switch;
        kinds[0x72] = OperandKind.Int; // ldstr: a user-string token, nothing to check
        kinds[0xDD] = OperandKind.Int; // leave
        foreach (var code in new[]
                 {
                     0x27, 0x28, 0x6F, 0x73, // jmp, call, callvirt, newobj
                     0x70, 0x71, 0x74, 0x75, 0x79, // cpobj, ldobj, castclass, isinst, unbox
                     0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0x81, // field access, stobj
                     0x8C, 0x8D, 0x8F, 0xA3, 0xA4, 0xA5, // box, newarr, ldelema, ldelem, stelem, unbox.any
                     0xC2, 0xC6, 0xD0, // refanyval, mkrefany, ldtoken
                 })
        {
            kinds[code] = OperandKind.Token;
        }

        return kinds;
    }

    private static OperandKind[] BuildTwoByte()
    {
        var kinds = new OperandKind[256];
        kinds[0x06] = OperandKind.Token; // ldftn
        kinds[0x07] = OperandKind.Token; // ldvirtftn
        for (var code = 0x09; code <= 0x0E; code++)
        {
            kinds[code] = OperandKind.Short; // ldarg, ldarga, starg, ldloc, ldloca, stloc
        }

        kinds[0x12] = OperandKind.Byte; // unaligned.
        kinds[0x15] = OperandKind.Token; // initobj
        kinds[0x16] = OperandKind.Token; // constrained.
        kinds[0x19] = OperandKind.Byte; // no.
        kinds[0x1C] = OperandKind.Token; // sizeof
        return kinds;
    }
}
