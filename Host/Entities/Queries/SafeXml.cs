using System.Xml;
using System.Xml.Linq;

namespace PluginHost.Host.Entities.Queries;

/// <summary>
/// Parses XML a caller wrote (a paging cookie, a skiptoken) with no DTD: <see cref="XElement.Parse(string)"/> expands
/// entities up to ten million characters, so a kilobyte of nested entity declarations would cost every request that
/// sends it twenty megabytes before the cookie is even read.
/// </summary>
internal static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The root element of <paramref name="xml"/>; an <see cref="XmlException"/> when it is not XML or has a DTD.</summary>
    public static XElement ParseElement(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        return XElement.Load(reader);
    }
}
