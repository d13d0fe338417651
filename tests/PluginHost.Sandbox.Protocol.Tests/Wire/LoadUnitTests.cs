using PluginHost.Sandbox.Protocol.Loading;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Wire;

/// <summary>The unit manifest a worker gets after a unit's files: written and read back, and refused when corrupt.</summary>
[TestFixture]
internal sealed class LoadUnitTests
{
    [Test]
    public void Read_WrittenManifest_SameKeyMainFileAndFiles()
    {
        var unit = new LoadUnit(new string('a', 64), "Plugin.dll", [new UnitCacheFile("Dependency.dll", new string('b', 64)), new UnitCacheFile("Plugin.dll", new string('c', 64))]);

        var copy = LoadUnit.Read(new BinaryReader(new MemoryStream(Bytes(unit.Write))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Key, Is.EqualTo(unit.Key));
            Assert.That(copy.MainFile, Is.EqualTo("Plugin.dll"));
            Assert.That(copy.Files, Is.EqualTo(unit.Files));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(LoadUnit.MaxFiles + 1)]
    public void Read_ImpossibleFileCount_RefusedAsCorrupt(int count)
    {
        var bytes = Bytes(writer =>
        {
            ValueWriter.WriteString(writer, new string('a', 64));
            ValueWriter.WriteString(writer, "Plugin.dll");
            writer.Write(count);
        });

        var refusal = Assert.Throws<InvalidDataException>(() => LoadUnit.Read(new BinaryReader(new MemoryStream(bytes))));

        Assert.That(refusal!.Message, Does.Contain("LoadUnit"));
    }

    [Test]
    public void Read_Truncated_RefusedAsTruncated()
    {
        var unit = new LoadUnit(new string('a', 64), "Plugin.dll", [new UnitCacheFile("Plugin.dll", new string('c', 64))]);
        var bytes = Bytes(unit.Write);

        var refusal = Assert.Throws<InvalidDataException>(() => LoadUnit.Read(new BinaryReader(new MemoryStream(bytes[..^10]))));

        Assert.That(refusal!.Message, Does.Contain("truncated"));
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
