using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>The walk of one method body's IL.</summary>
internal sealed partial class AssemblyWalk
{
    private const string FunctionPointerCall = DisallowedApi.FunctionPointer + " calli";

    /// <summary>
    /// Every token and standalone signature the IL of a method body uses, and the unsafe instructions in it (see
    /// <see cref="UnsafeInstructions"/>, which is given every instruction in order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckBody(BlobReader il, Site site)
    {
        // The opcodes to hand to the unsafe-code check while no address is on the stack; null when it looks for nothing.
        var interest = _unsafeCode.Enabled ? _unsafeCode.IdleInterest : null;
        var members = _unsafeCode.Members;
        var followsAddress = false;
        while (il.RemainingBytes > 0)
        {
            var opCode = il.ReadByte() is var first && first == 0xFE ? 0xFE00 | il.ReadByte() : first;
            var operand = il.Offset;
            var token = 0;
            switch (Operands.Of(opCode))
            {
                case OperandKind.Token:
                    token = il.ReadInt32();
                    switch ((uint)token >> 24)
                    {
                        // The tables an instruction's token may name (ECMA-335 III). Definitions of this assembly
                        // (TypeDef, Field, MethodDef) are not references: what they use is walked where they stand.
                        case 0x02 or 0x04 or 0x06:
                            break;
                        case 0x01 or 0x0A or 0x1B or 0x2B:
                            Add(_references.Resolve(MetadataTokens.EntityHandle(token)), site);
                            break;
                        default:
                            // A crafted or corrupt body: other table bytes used to be skipped unread, or to end the
                            // scan with an exception no caller expected (0x81000001 made an invalid cast).
                            throw new BadImageFormatException($"the IL token 0x{token:X8} names no metadata table an instruction can refer to");
                    }

                    break;
                case OperandKind.Signature:
                    var signature = il.ReadInt32();
                    if (((uint)signature >> 24) != 0x11)
                    {
                        throw new BadImageFormatException($"the calli token 0x{signature:X8} is not a stand-alone signature");
                    }

                    if (_rules.FunctionPointer is not null)
                    {
                        Add(FunctionPointerCall, site);
                    }

                    var standalone = MetadataTokens.StandaloneSignatureHandle(signature & 0xFFFFFF);
                    Add(_signatures.Standalone(standalone), site);
                    MarkReached(standalone);
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

            // After the switch, which refuses a token of no table an instruction can name before anything reads it.
            if (interest is not null
                && (followsAddress || interest[UnsafeOpCodes.Index(opCode)] is var why && (why == Interest.Always || (why == Interest.IfMemberIsByRef && members!.IsByRef(token)))))
            {
                if (_unsafeCode.Step(opCode, operand) is { } finding)
                {
                    Add(finding, site);
                }

                followsAddress = _unsafeCode.FollowsAddress;
            }
        }
    }
}
