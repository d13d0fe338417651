using System.Buffers.Binary;
using System.Reflection.PortableExecutable;

namespace PluginHost.Registration.Tests;

/// <summary>
/// Copies of a real assembly with one CLI-header or metadata-root field changed, standing in for images the C#
/// compiler will not produce: mixed-mode (C++/CLI), ReadyToRun, and a metadata root with a made-up stream count.
/// </summary>
internal static class PortableExecutableImages
{
    // Offsets inside the CLI header (ECMA-335 II.25.3.3): Flags after cb, versions and the metadata directory;
    // ManagedNativeHeader, the directory ReadyToRun images fill in, is the last one.
    private const int FlagsOffset = 16;
    private const int ManagedNativeHeaderOffset = 64;

    /// <summary>The image with the ILOnly flag cleared, as a mixed-mode assembly has it.</summary>
    public static byte[] WithoutIlOnlyFlag(byte[] image)
    {
        var copy = image.ToArray();
        var flags = copy.AsSpan(CorHeaderStart(copy) + FlagsOffset, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(flags, BinaryPrimitives.ReadUInt32LittleEndian(flags) & ~(uint)CorFlags.ILOnly);
        return copy;
    }

    /// <summary>The image with a ManagedNativeHeader directory, as a ReadyToRun assembly has it.</summary>
    public static byte[] WithReadyToRunHeader(byte[] image)
    {
        var copy = image.ToArray();
        var directory = copy.AsSpan(CorHeaderStart(copy) + ManagedNativeHeaderOffset, 8);
        var metadataRva = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(CorHeaderStart(copy) + 8, 4));
        BinaryPrimitives.WriteUInt32LittleEndian(directory, metadataRva);
        BinaryPrimitives.WriteUInt32LittleEndian(directory[4..], 0x48);
        return copy;
    }

    /// <summary>
    /// The image with the stream count of its metadata root (ECMA-335 II.24.2.1: signature, versions, reserved, the
    /// version string's length, the string, flags, then the count) set to <paramref name="streams"/>.
    /// </summary>
    public static byte[] WithMetadataStreamCount(byte[] image, ushort streams)
    {
        var copy = image.ToArray();
        int root;
        using (var pe = new PEReader(new MemoryStream(image)))
        {
            root = pe.PEHeaders.MetadataStartOffset;
        }

        var versionLength = BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(root + 12, 4));
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(root + 16 + versionLength + 2, 2), streams);
        return copy;
    }

    private static int CorHeaderStart(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return pe.PEHeaders.CorHeaderStartOffset;
    }
}
