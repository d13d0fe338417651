using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PluginHost.Benchmarks.Setup;

/// <summary>
/// Copies of a plug-in DLL that differ only in their module version id (MVID), so each has a new SHA-256 and
/// 'assembly update' stores a new content while the code stays the same.
/// </summary>
internal sealed class PluginVariants
{
    private readonly byte[] _original;
    private readonly int[] _mvidOffsets;
    private readonly string _path;
    private int _count;

    public PluginVariants(string originalPath, string folder)
    {
        _original = File.ReadAllBytes(originalPath);
        _mvidOffsets = FindMvid(_original);
        var directory = Directory.CreateDirectory(Path.Combine(folder, "variants")).FullName;
        _path = Path.Combine(directory, Path.GetFileName(originalPath));
    }

    /// <summary>Writes the next variant over the previous one and returns its path.</summary>
    public string Next()
    {
        File.WriteAllBytes(_path, WithMvid(_original, _mvidOffsets, ++_count));
        return _path;
    }

    /// <summary>A copy of <paramref name="original"/> with MVID number <paramref name="number"/> at <paramref name="mvidOffsets"/>.</summary>
    public static byte[] WithMvid(byte[] original, int[] mvidOffsets, int number)
    {
        var image = (byte[])original.Clone();
        var mvid = new Guid(number, unchecked((short)0xbe4c), 0x4e11, 0x9a, 0x6b, 0x2d, 0x1f, 0x0c, 0x3e, 0x5a, 0x77);
        foreach (var offset in mvidOffsets)
        {
            mvid.TryWriteBytes(image.AsSpan(offset, 16));
        }

        return image;
    }

    /// <summary>Every place the MVID's bytes occur (the #GUID heap, and wherever the compiler repeated it).</summary>
    public static int[] FindMvid(byte[] image)
    {
        Guid mvid;
        using (var pe = new PEReader(new MemoryStream(image)))
        {
            var reader = pe.GetMetadataReader();
            mvid = reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }

        var pattern = mvid.ToByteArray();
        var offsets = new List<int>();
        for (var offset = image.AsSpan().IndexOf(pattern); offset >= 0;)
        {
            offsets.Add(offset);
            var next = image.AsSpan(offset + 1).IndexOf(pattern);
            offset = next < 0 ? -1 : offset + 1 + next;
        }

        return offsets.Count > 0 ? [.. offsets] : throw new InvalidOperationException("the MVID of the plug-in was not found in its bytes");
    }
}
