using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Sandbox.Protocol;

/// <summary>
/// Encodes attribute and parameter values losslessly: every supported value reads back as the same type with the same
/// content (a decimal keeps its scale, a DateTime its ticks and Kind, a typed array its element type). The encoding
/// does not depend on the reader's or writer's text encoding.
/// </summary>
/// <remarks>
/// Supported: null, string, bool, int, long, double, decimal, DateTime, Guid, <see cref="EntityReference"/>,
/// <see cref="OptionSetValue"/>, <see cref="Money"/>, <see cref="Entity"/>, <see cref="EntityCollection"/>,
/// <see cref="ParameterCollection"/>, <see cref="EntityImageCollection"/>, <see cref="ColumnSet"/>,
/// <see cref="QueryByAttribute"/>, <see cref="QueryExpression"/>, <see cref="FetchExpression"/>, <see cref="AliasedValue"/>, <see cref="OrganizationRequest"/>,
/// <see cref="OrganizationResponse"/>, <c>object[]</c> and one-dimensional arrays of any of these.
/// Read from a seekable stream (such as a received frame in a <see cref="MemoryStream"/>) so that every length is
/// checked against the bytes that remain before anything is allocated for it.
/// </remarks>
public static class ValueCodec
{
    /// <summary>Writes one value.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="NotSupportedException">The value, or a value inside it, is of a type that cannot be encoded; the message names it.</exception>
    /// <exception cref="ArgumentException">The value contains itself, is nested too deeply or holds a null where none is allowed.</exception>
    public static void Write(BinaryWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValueWriter.WriteValue(writer, value, depth: 0);
    }

    /// <summary>Reads one value written by <see cref="Write(BinaryWriter, object?)"/>.</summary>
    /// <param name="reader">Where to read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt.</exception>
    public static object? Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return ValueReader.ReadValue(reader, depth: 0);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The encoded value is truncated: the data ends in the middle of a value.", exception);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            // SDK constructors and collections reject what a genuine writer never produces (empty names, duplicate keys).
            throw new InvalidDataException($"The encoded value is corrupt: {exception.Message}", exception);
        }
    }
}
