using System.Collections.Immutable;
using System.Numerics;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// Finds unsafe code in method bodies where no signature shows it (SPEC §7): instructions that work on unmanaged
/// memory or typed references (<c>localloc</c>, <c>cpblk</c>, <c>initblk</c>, <c>mkrefany</c>, <c>refanyval</c>,
/// <c>refanytype</c>, <c>arglist</c>); a managed address turned into a number (<c>ldloca</c> then <c>conv.u</c>), moved
/// by arithmetic (<c>ldloca</c>, <c>ldc.i4 8</c>, <c>add</c>), or stored, passed or returned where a number is
/// expected (<c>ldloca</c>, <c>stloc</c> of a <c>native int</c> local); and a method's address kept as a number
/// (<c>ldftn</c> not followed by a delegate's constructor). One per scan; <see cref="BeginMethod"/> before each body.
/// </summary>
/// <remarks>
/// <para>
/// The managed addresses on the evaluation stack are followed as a bit mask (bit <c>n</c>: the value <c>n</c> below the
/// top is an address), with each instruction's stack effect, from the moment an instruction pushes one: an address-of
/// (<c>ldloca</c>, <c>ldarga</c>, <c>ldflda</c>, <c>ldsflda</c>, <c>ldelema</c>, <c>unbox</c>), a load of a by-ref
/// parameter, local or field, or a call that returns by reference. An instruction that takes an address is unsafe if
/// it converts it or computes with it, or puts it where the signature says a value that is not by reference goes (a
/// local, parameter, field, array element, memory, argument or return value). The compiler's unsafe code (pointers,
/// <c>fixed</c>, fixed-size buffers) always does; safe C# does only for a span over constant data
/// (<c>"abc"u8</c>, <c>ReadOnlySpan&lt;byte&gt; X =&gt; [1, 2]</c>), which it builds with the span's
/// <c>(void*, int)</c> constructor, a pointer the signature check reports anyway.
/// </para>
/// <para>
/// It is not a verifier: the mask follows jumps forward (a branch's targets get the mask it leaves, merged with what
/// falls through to them), a jump back with an address on the stack is itself the finding, and after <c>ret</c>,
/// <c>throw</c> and <c>leave</c> the stack is empty; exception handlers start empty too. A number used as an address (<c>ldind</c> on a <c>native int</c>) is not looked for. IL written to get past it can,
/// which only a full IL verifier would catch; the worker process the sandbox runs plug-ins in is the boundary, and
/// this check makes unsafe code visible at registration as pointer types in signatures do. While no address is on the
/// stack an instruction costs a table lookup, and signatures are read only for instructions that may push or take one.
/// </para>
/// </remarks>
internal sealed partial class UnsafeInstructions(MetadataReader reader, RuleSet rules)
{
    private const string UnsafePointer = DisallowedApi.UnsafePointer + " ";
    private const string FunctionPointer = DisallowedApi.FunctionPointer + " ";
    private const string StoredAsNumber = " storing a managed address as a number";

    private readonly bool _pointers = rules.UnsafePointer is not null;
    private readonly bool _functionPointers = rules.FunctionPointer is not null;
    private readonly UnsafeRole[] _roles = UnsafeOpCodes.Roles;

    /// <summary>Bit n set: the value n places below the top of the stack is a managed address.</summary>
    private ulong _addresses;

    /// <summary>The address masks jumps carry forward, by target offset, merged into the mask when the walk gets there.</summary>
    private readonly Dictionary<int, ulong> _atTargets = [];

    /// <summary>False when the list names neither pointers nor function pointers: nothing to look for.</summary>
    public bool Enabled => _pointers || _functionPointers;

    /// <summary>Whether a managed address is on the stack: then the walk hands over every instruction.</summary>
    public bool FollowsAddress => _addresses != 0 || _atTargets.Count > 0;

    /// <summary>
    /// Takes an instruction the walk hands over: every one while <see cref="FollowsAddress"/>, otherwise those
    /// <see cref="IdleInterest"/> marks. Returns what is unsafe about it, or null. <paramref name="operand"/> is the
    /// offset of its operand in the body.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Step(int opCode, int operand)
    {
        var role = _roles[UnsafeOpCodes.Index(opCode)];
        var il = Operand(operand);
        string? finding = null;
        if (_atTargets.Count > 0 && _atTargets.Remove(operand - (opCode >= 0xFE00 ? 2 : 1), out var carried))
        {
            _addresses |= carried;
        }
        switch (role)
        {
            case UnsafeRole.AlwaysUnsafe when _pointers:
                finding = UnsafePointer + UnsafeOpCodes.Name(opCode);
                break;
            case UnsafeRole.FunctionAddress when _functionPointers && !NextIsConstructorCall(il):
                finding = $"{FunctionPointer}{UnsafeOpCodes.Name(opCode)} outside a delegate construction";
                break;
        }

        // Followed even when the instruction is unsafe in itself, so the mask stays true for the instructions after it.
        var followed = _pointers ? FollowAddresses(opCode, role, il) : null;
        return finding ?? followed;
    }

    /// <summary>Applies the instruction's stack effect to the address mask; the finding if it takes an address where a number goes.</summary>
    private string? FollowAddresses(int opCode, UnsafeRole role, BlobReader il)
    {
        string? finding = null;
        if (_addresses != 0)
        {
            if (opCode == (int)ILOpCode.Dup)
            {
                _addresses = (_addresses << 1) | (_addresses & 1);
                return null;
            }

            var (pops, pushes) = StackEffect(opCode, il);
            var taken = pops >= 64 ? _addresses : _addresses & ((1UL << pops) - 1);
            if (taken != 0)
            {
                finding = Taken(opCode, role, il, pops, taken);
            }

            _addresses = pops >= 64 ? 0 : _addresses >> pops;
            _addresses = pushes >= 64 ? 0 : _addresses << pushes;
            if (_addresses != 0 && CarryAcrossJump(opCode, il) is { } backward)
            {
                finding ??= backward;
            }

            if (UnsafeOpCodes.EndsFlowOf(opCode))
            {
                _addresses = 0;
            }
        }

        if (role == UnsafeRole.Address || (role >= UnsafeRole.MaybeAddressArgument && PushesAddress(opCode, il)))
        {
            _addresses |= 1;
        }

        return finding;
    }

    /// <summary>
    /// The finding for an instruction that takes addresses: <paramref name="taken"/> has bit n set for its operand n
    /// places below the top, and operand i (from 0, the first pushed) is n = pops - 1 - i.
    /// </summary>
    private string? Taken(int opCode, UnsafeRole role, BlobReader il, int pops, ulong taken)
    {
        var topTaken = (taken & 1) != 0; // the last operand: the value of a store
        var unsafeUse = role switch
        {
            UnsafeRole.Conversion => " of a managed address",
            UnsafeRole.Arithmetic => " on a managed address",
            _ => (ILOpCode)opCode switch
            {
                >= ILOpCode.Stloc_0 and <= ILOpCode.Stloc_3 => IsByRefLocal(opCode - (int)ILOpCode.Stloc_0) ? null : StoredAsNumber,
                ILOpCode.Stloc_s => IsByRefLocal(il.ReadByte()) ? null : StoredAsNumber,
                ILOpCode.Stloc => IsByRefLocal(il.ReadUInt16()) ? null : StoredAsNumber,
                ILOpCode.Starg_s => IsByRefParameter(il.ReadByte()) ? null : StoredAsNumber,
                ILOpCode.Starg => IsByRefParameter(il.ReadUInt16()) ? null : StoredAsNumber,
                ILOpCode.Stfld or ILOpCode.Stsfld => topTaken && !IsByRefMember(il.ReadInt32()) ? StoredAsNumber : null,
                ILOpCode.Stind_i or ILOpCode.Stind_i1 or ILOpCode.Stind_i2 or ILOpCode.Stind_i4 or ILOpCode.Stind_i8 or ILOpCode.Stind_r4
                    or ILOpCode.Stind_r8 or ILOpCode.Stind_ref or ILOpCode.Stobj or ILOpCode.Stelem or ILOpCode.Stelem_i or ILOpCode.Stelem_i1
                    or ILOpCode.Stelem_i2 or ILOpCode.Stelem_i4 or ILOpCode.Stelem_i8 or ILOpCode.Stelem_r4 or ILOpCode.Stelem_r8
                    or ILOpCode.Stelem_ref => topTaken ? StoredAsNumber : null,
                ILOpCode.Ret => ReturnsByRef(_methodHandle) ? null : " returning a managed address as a number",
                ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj =>
                    PassesAddressAsNumber(opCode, il.ReadInt32(), pops, taken) ? " passing a managed address as a number" : null,
                // Every other instruction that takes an address reads, writes or tests what it points to, or drops it.
                _ => null,
            },
        };
        return unsafeUse is null ? null : UnsafePointer + UnsafeOpCodes.Name(opCode) + unsafeUse;
    }

    /// <summary>Whether a call takes one of the addresses as an argument its callee's signature does not declare by reference.</summary>
    private bool PassesAddressAsNumber(int opCode, int callee, int pops, ulong taken)
    {
        var thisSlots = opCode != (int)ILOpCode.Newobj && _members!.CallShape(callee).HasThis ? 1 : 0;
        ImmutableArray<bool> parameters = default;
        for (var remaining = taken; remaining != 0; remaining &= remaining - 1)
        {
            var parameter = pops - 1 - BitOperations.TrailingZeroCount(remaining) - thisSlots;
            if (parameter < 0)
            {
                continue; // 'this' of a value type's method is its address
            }

            if (parameters.IsDefault)
            {
                parameters = _members!.ByRefParameters(callee);
            }

            if (parameter >= parameters.Length || !parameters[parameter])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the instruction takes from the stack and leaves on it; calls from their signature, ret from the method's.</summary>
    private (int Pops, int Pushes) StackEffect(int opCode, BlobReader il)
    {
        var pops = (int)UnsafeOpCodes.PopsOf(opCode);
        var pushes = (int)UnsafeOpCodes.PushesOf(opCode);
        if (pops != UnsafeOpCodes.Variable && pushes != UnsafeOpCodes.Variable)
        {
            return (pops, pushes);
        }

        switch ((ILOpCode)opCode)
        {
            case ILOpCode.Ret:
                return (_members!.CallShape(MetadataTokens.GetToken(_methodHandle)).ReturnsVoid ? 0 : 1, 0);
            case ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj:
                var (parameters, hasThis, returnsVoid) = _members!.CallShape(il.ReadInt32());
                return opCode == (int)ILOpCode.Newobj
                    ? (parameters, 1)
                    : (parameters + (hasThis ? 1 : 0), returnsVoid ? 0 : 1);
            default:
                // calli (refused on its own) and anything unknown: what is on the stack afterwards is not known.
                return (64, 0);
        }
    }

    /// <summary>
    /// Hands the mask left after a branch to the branch's targets, so an address is still followed where the jump lands
    /// (C# leaves one on the stack across a jump for <c>a[i] += c ? 1 : 2</c> and <c>ref</c> conditionals). A jump
    /// back to code already walked cannot be followed in one pass: no compiler carries an address back, so that is the
    /// finding. Null for any other instruction.
    /// </summary>
    private string? CarryAcrossJump(int opCode, BlobReader il)
    {
        var code = (ILOpCode)opCode;
        if (code is >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s)
        {
            var next = il.Offset + 1;
            return Carry(next + il.ReadSByte(), next, opCode);
        }

        if (code is >= ILOpCode.Br and <= ILOpCode.Blt_un)
        {
            var next = il.Offset + 4;
            return Carry(next + il.ReadInt32(), next, opCode);
        }

        if (code == ILOpCode.Switch)
        {
            var count = il.ReadUInt32();
            var next = checked(il.Offset + (int)(4 * count));
            string? finding = null;
            for (var i = 0; i < count; i++)
            {
                finding ??= Carry(next + il.ReadInt32(), next, opCode);
            }

            return finding;
        }

        return null;
    }

    private string? Carry(int target, int next, int opCode)
    {
        if (target < next)
        {
            return UnsafePointer + UnsafeOpCodes.Name(opCode) + " carrying a managed address back to code before it";
        }

        _atTargets[target] = _atTargets.GetValueOrDefault(target) | _addresses;
        return null;
    }

    /// <summary>Whether a newobj follows the ldftn whose token <paramref name="il"/> is at: C# writes <c>ldftn M; newobj Delegate::.ctor</c>.</summary>
    private static bool NextIsConstructorCall(BlobReader il)
    {
        if (il.RemainingBytes < 5)
        {
            return false;
        }

        il.Offset += 4;
        return il.ReadByte() == (byte)ILOpCode.Newobj;
    }
}
