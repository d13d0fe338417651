using PluginHost.Registration.Tests.Scanning;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>
/// pluginreg given an image crafted to break the reader (see <see cref="CraftedImages"/>): it refuses the file with
/// one error line and exit code 1, stores nothing, and does not crash.
/// </summary>
[TestFixture]
internal sealed class CraftedImageCommandTests : CliTestBase
{
    private const int Refused = 1;

    [Test]
    public void Register_TypeReferenceScopedInItself_RefusedAsUnreadableAndNothingStored()
    {
        var path = Write(CraftedImages.WithNestedAttributeType(1, closed: true));
        var before = Revision();

        var result = Run("assembly", "register", path);

        AssertRefused(result, "error: crafted.dll is not a readable .NET assembly (not a PE file, truncated or corrupt): type nesting deeper than 64 levels");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(Refused), result.ToString);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString);
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Register_CallTokenOfNoTable_RefusedAsUnreadableAndNothingStored()
    {
        var path = Write(CraftedImages.WithCallInExecute(0x7F000001));
        var before = Revision();

        var result = Run("assembly", "register", path);

        // The inspector reads no method body, so the refusal is the scanner's, prefixed with the file name.
        AssertRefused(result, "error: crafted.dll: unreadable metadata or IL: the IL token 0x7F000001 names no metadata table an instruction can refer to");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(Refused), result.ToString);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString);
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void Register_65535MetadataStreams_RefusedAsUnreadableAndNothingStored()
    {
        var path = Write(PortableExecutableImages.WithMetadataStreamCount(File.ReadAllBytes(Clean), ushort.MaxValue));
        var before = Revision();

        var result = Run("assembly", "register", path);

        AssertRefused(result, "error: crafted.dll is not a readable .NET assembly (not a PE file, truncated or corrupt): ");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(Refused), result.ToString);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StdErr, Does.Not.Contain("unexpected"), result.ToString);
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(RunJson("assembly", "list").Json.GetArrayLength(), Is.Zero);
        }
    }

    private string Write(byte[] image)
    {
        var path = Path.Combine(Folder, "crafted.dll");
        File.WriteAllBytes(path, image);
        return path;
    }
}
