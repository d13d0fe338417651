using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// One entry a plug-in wrote through its <see cref="ILogger"/>. A sandbox worker sends it in a
/// <see cref="FrameType.Trace"/> frame after the trace line (<see cref="TraceText"/>), so a host reads the line as it
/// reads any trace line and finds the entry behind it.
/// </summary>
public sealed record PluginLogEntry(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, string>> Properties)
{
    /// <summary>The most custom properties one entry carries across the wire; more is corrupt data.</summary>
    public const int MaxProperties = 1000;

    /// <summary>The line the entry adds to the step's trace text, such as "Warning: disk almost full".</summary>
    public string TraceText => $"{Level}: {Message}";

    /// <summary>Writes the line, then the entry.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(TraceText);
        writer.Write((byte)Level);
        writer.Write(Message);
        writer.Write7BitEncodedInt(Properties.Count);
        foreach (var (name, value) in Properties)
        {
            writer.Write(name);
            writer.Write(value);
        }
    }

    /// <summary>
    /// Reads the rest of a <see cref="FrameType.Trace"/> frame after its line: the entry when the frame carries one,
    /// null for a plain trace line.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry is truncated or corrupt.</exception>
    public static PluginLogEntry? ReadAfterLine(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.BaseStream.Position >= reader.BaseStream.Length)
        {
            return null;
        }

        try
        {
            var level = (LogLevel)reader.ReadByte();
            if (level is < LogLevel.Trace or > LogLevel.Critical)
            {
                throw new InvalidDataException($"a log entry has level {(int)level}");
            }

            var message = reader.ReadString();
            var count = reader.Read7BitEncodedInt();
            if (count is < 0 or > MaxProperties)
            {
                throw new InvalidDataException($"a log entry claims {count} properties");
            }

            var properties = new KeyValuePair<string, string>[count];
            for (var index = 0; index < count; index++)
            {
                properties[index] = new(reader.ReadString(), reader.ReadString());
            }

            return new PluginLogEntry(level, message, properties);
        }
        catch (Exception exception) when (exception is EndOfStreamException or FormatException)
        {
            throw new InvalidDataException("a log entry is truncated", exception);
        }
    }
}
