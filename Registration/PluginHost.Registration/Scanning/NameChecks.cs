using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace PluginHost.Registration.Scanning;

/// <summary>Checks on names the scan does not need to read in full; one per scan.</summary>
internal sealed class NameChecks(MetadataReader reader)
{
    private readonly uint _stringHeapSize = (uint)reader.GetHeapSize(HeapIndex.String);

    /// <summary>
    /// Throws as <see cref="MetadataReader.GetString(StringHandle)"/> does for a name that starts past the end of the
    /// string heap, without building the string: the scan builds names only for findings, but an image with such a
    /// name is still refused as unreadable, as when every name was read.
    /// </summary>
    public void RequireReadable(StringHandle name)
    {
        if ((uint)MetadataTokens.GetHeapOffset(name) > _stringHeapSize)
        {
            _ = reader.GetString(name);
        }
    }
}
