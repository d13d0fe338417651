using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The marks a compiler leaves on an assembly built with unsafe code, found even when no pointer is left in it:
/// <c>[module: UnverifiableCode]</c>, which C# adds to every module compiled with <c>AllowUnsafeBlocks</c>, and a
/// declarative <c>SecurityPermission</c> that asks to skip verification (<c>SkipVerification</c>, its flag, or
/// <c>Unrestricted</c>), which it adds to the assembly. The runtime no longer reads either; they are the author's
/// statement that the assembly holds unverifiable code.
/// </summary>
internal sealed class UnsafeMarkers(MetadataReader reader)
{
    /// <summary>The API name of the attribute, reported under <c>[unsafe-pointer]</c>.</summary>
    public const string UnverifiableCode = DisallowedApi.UnsafePointer + " System.Security.UnverifiableCodeAttribute";

    /// <summary>The API name of a permission request that skips verification, reported under <c>[unsafe-pointer]</c>.</summary>
    public const string SkipVerification = DisallowedApi.UnsafePointer + " SecurityPermission(SkipVerification)";

    private const string SecurityPermissionAttribute = "System.Security.Permissions.SecurityPermissionAttribute";

    // SecurityPermissionFlag.SkipVerification.
    private const int SkipVerificationFlag = 0x4;

    // The first byte of a permission set in the binary format of .NET 2.0 and later (ECMA-335 II.23.1.3); older
    // compilers wrote XML in UTF-16.
    private const byte BinaryPermissionSet = (byte)'.';

    /// <summary>Whether a custom attribute is <c>System.Security.UnverifiableCodeAttribute</c>, referenced or defined here.</summary>
    public bool IsUnverifiableCode(CustomAttributeHandle handle)
    {
        var constructor = reader.GetCustomAttribute(handle).Constructor;
        var type = constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => IsUnverifiableCode(reader.GetTypeReference((TypeReferenceHandle)type).Namespace, reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => IsUnverifiableCode(reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => false,
        };
    }

    /// <summary>
    /// Every declarative security row that asks to skip verification, with what it is attached to: the assembly
    /// (<c>assembly attributes</c>), a type or a method.
    /// </summary>
    public IEnumerable<EntityHandle> SkipVerificationRequests()
    {
        foreach (var handle in reader.DeclarativeSecurityAttributes)
        {
            var row = reader.GetDeclarativeSecurityAttribute(handle);
            if (SkipsVerification(reader.GetBlobReader(row.PermissionSet)))
            {
                yield return row.Parent;
            }
        }
    }

    private bool IsUnverifiableCode(StringHandle @namespace, StringHandle name) =>
        reader.StringComparer.Equals(@namespace, "System.Security") && reader.StringComparer.Equals(name, "UnverifiableCodeAttribute");

    /// <summary>
    /// Reads a permission set: a count, then per attribute its type name, the length of its arguments, their count and
    /// each named argument (field or property, type, name, value).
    /// </summary>
    private static bool SkipsVerification(BlobReader blob)
    {
        if (blob.Length == 0)
        {
            return false;
        }

        if (blob.ReadByte() != BinaryPermissionSet)
        {
            blob.Reset();
            var xml = Encoding.Unicode.GetString(blob.ReadBytes(blob.Length & ~1));
            return xml.Contains("SkipVerification", StringComparison.OrdinalIgnoreCase) || xml.Contains("Unrestricted=\"true\"", StringComparison.OrdinalIgnoreCase);
        }

        var attributes = blob.ReadCompressedInteger();
        for (var attribute = 0; attribute < attributes; attribute++)
        {
            var typeName = blob.ReadSerializedString() ?? "";
            var length = blob.ReadCompressedInteger();
            var end = checked(blob.Offset + length);
            if (typeName.StartsWith(SecurityPermissionAttribute, StringComparison.Ordinal) && NamedArgumentsSkipVerification(blob))
            {
                return true;
            }

            blob.Offset = end;
        }

        return false;
    }

    private static bool NamedArgumentsSkipVerification(BlobReader blob)
    {
        var count = blob.ReadCompressedInteger();
        for (var argument = 0; argument < count; argument++)
        {
            _ = blob.ReadByte(); // FIELD or PROPERTY
            var type = (SerializationTypeCode)blob.ReadByte();
            if (type == SerializationTypeCode.Enum)
            {
                _ = blob.ReadSerializedString(); // the enum's type; SecurityPermissionFlag is an int
                type = SerializationTypeCode.Int32;
            }

            var name = blob.ReadSerializedString();
            switch (type)
            {
                case SerializationTypeCode.Boolean:
                    if (blob.ReadBoolean() && name is "SkipVerification" or "Unrestricted")
                    {
                        return true;
                    }

                    break;
                case SerializationTypeCode.Int32:
                    if ((blob.ReadInt32() & SkipVerificationFlag) != 0 && name == "Flags")
                    {
                        return true;
                    }

                    break;
                default:
                    // No other argument of SecurityPermissionAttribute grants verification skipping; stop reading.
                    return false;
            }
        }

        return false;
    }
}
