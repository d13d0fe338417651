using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// A <see cref="FrameType.LoadUnit"/>: what one load context holds (a lone assembly, or a whole package), as the files
/// sent before in <see cref="FrameType.LoadAssembly"/> frames, each under its file name. <paramref name="MainFile"/>
/// is the file the worker's loader starts from; the other files are found beside it by name.
/// </summary>
public sealed record LoadUnit(string Key, string MainFile, IReadOnlyList<UnitCacheFile> Files)
{
    /// <summary>More files than a package holds; more means a corrupt frame.</summary>
    public const int MaxFiles = 4096;

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValueWriter.WriteString(writer, Key);
        ValueWriter.WriteString(writer, MainFile);
        writer.Write(Files.Count);
        foreach (var file in Files)
        {
            ValueWriter.WriteString(writer, file.FileName);
            ValueWriter.WriteString(writer, file.Sha256);
        }
    }

    public static LoadUnit Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wire.Read(
            () =>
            {
                var key = ValueReader.ReadRequiredString(reader, "the unit key");
                var main = ValueReader.ReadRequiredString(reader, "the main file");
                var count = reader.ReadInt32();
                if (count is < 1 or > MaxFiles)
                {
                    throw new InvalidDataException($"a unit of {count} files");
                }

                var files = new UnitCacheFile[count];
                for (var index = 0; index < count; index++)
                {
                    files[index] = new UnitCacheFile(ValueReader.ReadRequiredString(reader, "a file name"), ValueReader.ReadRequiredString(reader, "a file hash"));
                }

                return new LoadUnit(key, main, files);
            },
            "LoadUnit");
    }
}
