using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>The Execute body of each <see cref="UnsafeIlShape"/>.</summary>
internal static partial class UnsafeIlImages
{
    private sealed partial class Parts
    {
        private void ExecuteBody(InstructionEncoder il, Methods methods, FieldDefinitionHandle field, FieldDefinitionHandle slot)
        {
            var (helper, staticTarget, number, store) = methods;
            switch (_shape)
            {
                case UnsafeIlShape.LocalAddressOnTheStack:
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Conv_u);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressAfterNop:
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Nop);
                    il.OpCode(ILOpCode.Conv_i);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressAcrossJump:
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Br_s);
                    il.CodeBuilder.WriteSByte(0); // to the next instruction: all that matters is that it is a jump target
                    il.OpCode(ILOpCode.Conv_u);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressAcrossConditionalJump:
                    il.LoadLocalAddress(0);
                    il.LoadConstantI4(0);
                    il.OpCode(ILOpCode.Brfalse_s);
                    il.CodeBuilder.WriteSByte(0);
                    il.OpCode(ILOpCode.Conv_u);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressDuplicated:
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Dup);
                    il.OpCode(ILOpCode.Conv_u);
                    il.StoreLocal(2);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.ArgumentAddress:
                    il.LoadArgumentAddress(0);
                    ConvertAndKeep(il, ILOpCode.Conv_u);
                    break;
                case UnsafeIlShape.FieldAddress:
                    il.LoadArgument(0);
                    il.OpCode(ILOpCode.Ldflda);
                    il.Token(field);
                    ConvertAndKeep(il, ILOpCode.Conv_i);
                    break;
                case UnsafeIlShape.StaticFieldAddress:
                    il.OpCode(ILOpCode.Ldsflda);
                    il.Token(slot);
                    ConvertAndKeep(il, ILOpCode.Conv_ovf_u);
                    break;
                case UnsafeIlShape.ArrayElementAddress:
                    il.LoadConstantI4(1);
                    il.OpCode(ILOpCode.Newarr);
                    il.Token(_int32);
                    il.LoadConstantI4(0);
                    il.OpCode(ILOpCode.Ldelema);
                    il.Token(_int32);
                    ConvertAndKeep(il, ILOpCode.Conv_u);
                    break;
                case UnsafeIlShape.ByRefLocalConverted:
                    il.LoadLocalAddress(0);
                    il.StoreLocal(1);
                    il.LoadLocal(1);
                    ConvertAndKeep(il, ILOpCode.Conv_u);
                    break;
                case UnsafeIlShape.ByRefReturnConverted:
                    il.LoadLocalAddress(0);
                    il.Call(helper);
                    ConvertAndKeep(il, ILOpCode.Conv_u);
                    break;
                case UnsafeIlShape.LocalAddressUnderAPoppedValue:
                    il.LoadLocalAddress(0);
                    il.LoadConstantI4(0);
                    il.OpCode(ILOpCode.Pop);
                    ConvertAndKeep(il, ILOpCode.Conv_u);
                    break;
                case UnsafeIlShape.LocalAddressStoredInNativeIntLocal:
                    il.LoadLocalAddress(0);
                    il.StoreLocal(2);
                    il.LoadLocal(2);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressPassedAsNumber:
                    il.LoadLocalAddress(0);
                    il.Call(number);
                    il.StoreLocal(2);
                    break;
                case UnsafeIlShape.LocalAddressScaledArithmetic:
                    il.LoadLocalAddress(0);
                    il.LoadLocal(0);
                    il.OpCode(ILOpCode.Conv_i);
                    il.LoadConstantI4(4);
                    il.OpCode(ILOpCode.Mul);
                    il.OpCode(ILOpCode.Add);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressArithmetic:
                    il.LoadLocalAddress(0);
                    il.LoadConstantI4(8);
                    il.OpCode(ILOpCode.Add);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.LocalAddressArithmeticReversed:
                    il.LoadConstantI4(8);
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Add);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.Localloc:
                    il.LoadConstantI4(16);
                    il.OpCode(ILOpCode.Localloc);
                    il.StoreLocal(2);
                    break;
                case UnsafeIlShape.Cpblk:
                    il.LoadLocalAddress(0);
                    il.LoadLocalAddress(0);
                    il.LoadConstantI4(4);
                    il.OpCode(ILOpCode.Cpblk);
                    break;
                case UnsafeIlShape.Initblk:
                    il.LoadLocalAddress(0);
                    il.LoadConstantI4(0);
                    il.LoadConstantI4(4);
                    il.OpCode(ILOpCode.Initblk);
                    break;
                case UnsafeIlShape.TypedReference:
                    il.LoadLocalAddress(0);
                    il.OpCode(ILOpCode.Mkrefany);
                    il.Token(_int32);
                    il.OpCode(ILOpCode.Refanyval);
                    il.Token(_int32);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.Arglist:
                    il.OpCode(ILOpCode.Arglist);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.FunctionAddressAsNumber:
                    il.OpCode(ILOpCode.Ldftn);
                    il.Token(staticTarget);
                    il.StoreLocal(2);
                    break;
                case UnsafeIlShape.PointerInTypeSpecification:
                    il.OpCode(ILOpCode.Sizeof);
                    il.Token(_metadata.AddTypeSpecification(Signature(encoder => encoder.TypeSpecificationSignature().Pointer().Int32())));
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.SafeStoreAndConversion:
                    il.LoadLocalAddress(0);
                    StoreFortyTwo(il);
                    il.LoadLocal(0);
                    il.OpCode(ILOpCode.Conv_i8);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.SafeByRefReturnRead:
                    il.LoadLocalAddress(0);
                    il.Call(helper);
                    il.OpCode(ILOpCode.Ldind_i4);
                    il.OpCode(ILOpCode.Conv_i8);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.SafeDelegate:
                    il.OpCode(ILOpCode.Ldnull);
                    il.OpCode(ILOpCode.Ldftn);
                    il.Token(staticTarget);
                    il.OpCode(ILOpCode.Newobj);
                    il.Token(_actionConstructor);
                    il.OpCode(ILOpCode.Pop);
                    break;
                case UnsafeIlShape.SafeArithmeticAboveAnAddress:
                    il.LoadLocalAddress(0);
                    il.LoadLocal(0);
                    il.LoadConstantI4(1);
                    il.OpCode(ILOpCode.Add);
                    il.Call(store);
                    break;
                case UnsafeIlShape.SafeByRefLocal:
                    il.LoadLocalAddress(0);
                    il.StoreLocal(1);
                    il.LoadLocal(1);
                    StoreFortyTwo(il);
                    break;
                case UnsafeIlShape.SafeArithmetic:
                    il.LoadLocal(0);
                    il.LoadConstantI4(8);
                    il.OpCode(ILOpCode.Add);
                    ConvertAndKeep(il, ILOpCode.Conv_i);
                    break;
            }
        }

        private static void StoreFortyTwo(InstructionEncoder il)
        {
            il.LoadConstantI4(42);
            il.OpCode(ILOpCode.Stind_i4);
        }

        private static void ConvertAndKeep(InstructionEncoder il, ILOpCode conversion)
        {
            il.OpCode(conversion);
            il.StoreLocal(2);
        }
    }
}
