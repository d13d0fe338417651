using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace PluginHost.Host.Entities;

/// <summary>
/// The stored form of a record's attributes: JSON text in which every value names its type, so that it reads back as
/// the same type with the same content, and so that other tools (sqlite3, jq, a report) can read it without this
/// program. It belongs to the entity store alone: the sandbox's wire codec can change without a data migration.
/// </summary>
/// <remarks>
/// <code>
/// {"format":1,"attributes":{"name":{"t":"String","v":"Contoso"},"revenue":{"t":"Money","v":"12.50"},"nothing":null}}
/// </code>
/// A value is JSON <c>null</c> or <c>{"t": type, "v": content}</c>. What JSON numbers could round or overflow is text:
/// Int64, Decimal and Money as invariant digits (a decimal keeps its scale: "12.50"), a double that is not finite as
/// "NaN", "Infinity" or "-Infinity"; a string with a lone surrogate, which JSON text cannot hold, as its UTF-16 code
/// units (<c>{"t":"String","v":[97,55296]}</c>). A DateTime is its clock reading to the tick plus its kind, never converted:
/// <c>{"t":"DateTime","v":"2026-12-03T10:15:00.0000000","kind":"Utc"}</c>. An array is
/// <c>{"t":"Array","of":element type,"v":[values]}</c>. <see cref="FormatVersion"/> changes when a reader of the previous
/// version could misread a record.
/// </remarks>
internal static partial class EntityRecordFormat
{
    /// <summary>The format version written in every record.</summary>
    public const int FormatVersion = 1;

    // The depth the wire codec allows (CodecLimits.MaxDepth); one stored level takes at most four JSON levels.
    private const int MaxDepth = 64;
    private const string DateTimeLayout = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

    private static readonly JsonReaderOptions ReadOptions = new() { MaxDepth = (MaxDepth * 4) + 8 };
    private static readonly JsonWriterOptions WriteOptions = new() { MaxDepth = (MaxDepth * 4) + 8 };

    /// <summary>The stored form of <paramref name="attributes"/>.</summary>
    /// <exception cref="NotSupportedException">An attribute holds a value the format cannot keep; the message names it.</exception>
    public static string Write(AttributeCollection attributes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WritePropertyName("attributes");
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                try
                {
                    WriteValue(writer, value, 0);
                }
                catch (NotSupportedException exception)
                {
                    throw new NotSupportedException($"'{name}' {exception.Message}", exception);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Adds the attributes stored in <paramref name="record"/> to <paramref name="entity"/>, only those in <paramref name="columns"/> when given.</summary>
    /// <exception cref="InvalidDataException">The text is not a record of a format version this program reads.</exception>
    public static void Read(string record, Entity entity, ColumnSet? columns = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(record.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(record, buffer);
            Read(buffer.AsSpan(0, length), entity, columns);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds the attributes stored in the UTF-8 <paramref name="record"/> to <paramref name="entity"/>, only those in <paramref name="columns"/> when given.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a record of a format version this program reads.</exception>
    public static void Read(ReadOnlySpan<byte> record, Entity entity, ColumnSet? columns = null)
    {
        try
        {
            ReadRecord(record, entity, columns);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"the stored record {entity.LogicalName} {entity.Id} is not valid entity JSON: {exception.Message}", exception);
        }
    }

    // The arrays the wire codec carries: object[] and one-dimensional arrays of one supported type, early-bound entity
    // classes as Entity (as the codec reads them back).
    private static string? ElementName(Type arrayType)
    {
        if (!arrayType.IsSZArray)
        {
            return null;
        }

        var element = arrayType.GetElementType()!;
        return element == typeof(object) ? StoredType.Object
            : element == typeof(Entity) || element.IsSubclassOf(typeof(Entity)) ? StoredType.Entity
            : ElementTypes.FirstOrDefault(pair => pair.Value == element).Key;
    }

    private static Type? ElementType(string name) => name switch
    {
        StoredType.Object => typeof(object),
        StoredType.Entity => typeof(Entity),
        _ => ElementTypes.GetValueOrDefault(name),
    };

    private static readonly Dictionary<string, Type> ElementTypes = new(StringComparer.Ordinal)
    {
        [StoredType.String] = typeof(string),
        [StoredType.Boolean] = typeof(bool),
        [StoredType.Int32] = typeof(int),
        [StoredType.Int64] = typeof(long),
        [StoredType.Double] = typeof(double),
        [StoredType.Decimal] = typeof(decimal),
        [StoredType.DateTime] = typeof(DateTime),
        [StoredType.Guid] = typeof(Guid),
        [StoredType.Money] = typeof(Money),
        [StoredType.OptionSetValue] = typeof(OptionSetValue),
        [StoredType.EntityReference] = typeof(EntityReference),
        [StoredType.EntityCollection] = typeof(EntityCollection),
        [StoredType.AliasedValue] = typeof(AliasedValue),
    };

    /// <summary>The type names of the format: part of the stored data, never renamed.</summary>
    private static class StoredType
    {
        public const string String = "String";
        public const string Boolean = "Boolean";
        public const string Int32 = "Int32";
        public const string Int64 = "Int64";
        public const string Double = "Double";
        public const string Decimal = "Decimal";
        public const string DateTime = "DateTime";
        public const string Guid = "Guid";
        public const string Money = "Money";
        public const string OptionSetValue = "OptionSetValue";
        public const string OptionSetValueCollection = "OptionSetValueCollection";
        public const string EntityReference = "EntityReference";
        public const string EntityReferenceCollection = "EntityReferenceCollection";
        public const string Entity = "Entity";
        public const string EntityCollection = "EntityCollection";
        public const string AliasedValue = "AliasedValue";
        public const string Array = "Array";
        public const string Object = "Object";
    }
}
