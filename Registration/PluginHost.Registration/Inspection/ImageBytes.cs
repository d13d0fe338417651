using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace PluginHost.Registration.Inspection;

/// <summary>An assembly image as System.Reflection.Metadata takes it.</summary>
internal static class ImageBytes
{
    /// <summary>
    /// The caller's own array when the memory is a whole array, as every caller passes it: a copy would be a megabyte
    /// of large-object heap per inspection or scan. Anything else (a slice, native memory) is copied.
    /// </summary>
    public static ImmutableArray<byte> AsImmutableArray(ReadOnlyMemory<byte> image) =>
        MemoryMarshal.TryGetArray(image, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? ImmutableCollectionsMarshal.AsImmutableArray(segment.Array)
            : ImmutableArray.Create(image.Span);
}
