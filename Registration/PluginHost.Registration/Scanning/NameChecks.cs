using System.Reflection.Metadata;

namespace PluginHost.Registration.Scanning;

/// <summary>Checks on names the scan does not need to read in full.</summary>
internal static class NameChecks
{
    /// <summary>
    /// Throws as <see cref="MetadataReader.GetString(StringHandle)"/> would for a name outside the string heap, without
    /// building the string: the scan builds names only for findings, but an image with such a name is still refused
    /// as unreadable, as when every name was read.
    /// </summary>
    public static void RequireReadable(this MetadataReader reader, StringHandle name) => _ = reader.StringComparer.Equals(name, string.Empty);
}
