using System.Text;
using PluginHost.Registration.Packages;

namespace PluginHost.Registration.Tests.Packages;

[TestFixture]
internal sealed class PackageFileReaderTests
{
    private static readonly byte[] Dll = File.ReadAllBytes(TestPluginPaths.Of("Clean"));

    [Test]
    public void Read_PackedFixture_IdVersionFolderAndEveryDllWithTheFileSha256()
    {
        var path = TestPackages.Of(TestPackages.PluginA);

        var file = PackageFileReader.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Id, Is.EqualTo("PackageFixtures.PluginA"));
            Assert.That(file.Version, Is.EqualTo("1.0.0"));
            Assert.That(file.Folder, Is.EqualTo("lib/net10.0"));
            Assert.That(file.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))));
            Assert.That(file.Assemblies.Select(assembly => assembly.FileName), Is.EqualTo(new[] { "PackageFixtures.Greeting.dll", "PackageFixtures.PluginA.dll" }));
        }
    }

    [Test]
    public void Read_ModernAndStandardFolders_TakesTheNearestToNet10()
    {
        var bytes = TestPackages.Build("Acme", "2.1.0-beta", ("lib/netstandard2.0/Old.dll", Dll), ("lib/net8.0/Acme.dll", Dll), ("lib/net48/Fx.dll", Dll));

        var file = PackageFileReader.Read(bytes, "acme.nupkg");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Folder, Is.EqualTo("lib/net8.0"));
            Assert.That(file.Version, Is.EqualTo("2.1.0-beta"));
            Assert.That(file.Assemblies.Select(assembly => assembly.FileName), Is.EqualTo(new[] { "Acme.dll" }));
        }
    }

    [Test]
    public void Read_OnlyNetFrameworkFolders_TakesTheHighest()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net462/A.dll", Dll), ("lib/net472/B.dll", Dll), ("lib/net45/C.dll", Dll));

        Assert.That(PackageFileReader.Read(bytes, "acme.nupkg").Folder, Is.EqualTo("lib/net472"));
    }

    [Test]
    public void Read_SatelliteSubfolderAndOtherFiles_OnlyDllsDirectlyInTheFolder()
    {
        var bytes = TestPackages.Build(
            "Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll), ("lib/net10.0/de/Acme.resources.dll", Dll), ("lib/net10.0/Acme.xml", [1]), ("lib/net10.0/Acme.pdb", [1]));

        Assert.That(PackageFileReader.Read(bytes, "acme.nupkg").Assemblies.Select(assembly => assembly.FileName), Is.EqualTo(new[] { "Acme.dll" }));
    }

    [Test]
    public void Read_MissingFile_SaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.nupkg");

        AssertRefused(() => PackageFileReader.Read(path), $"file '{path}' does not exist");
    }

    [Test]
    public void Read_Folder_AsksForTheFile()
    {
        AssertRefused(() => PackageFileReader.Read(Path.GetTempPath()), "is a folder: give the path of the plug-in package (.nupkg) file");
    }

    [Test]
    public void Read_EmptyFile_SaysItIsNotAPackage()
    {
        AssertRefused(() => PackageFileReader.Read([], "empty.nupkg"), "file 'empty.nupkg' is empty: it is not a NuGet package");
    }

    [Test]
    public void Read_NotAZip_SaysItIsNotAReadablePackage()
    {
        AssertRefused(() => PackageFileReader.Read(Encoding.UTF8.GetBytes("this is not a zip file at all"), "text.nupkg"), "'text.nupkg' is not a readable NuGet package (not a zip archive");
    }

    [Test]
    public void Read_TruncatedZip_SaysItIsNotAReadablePackage()
    {
        var whole = File.ReadAllBytes(TestPackages.Of(TestPackages.PluginA));

        AssertRefused(() => PackageFileReader.Read(whole[..(whole.Length / 2)], "half.nupkg"), "'half.nupkg' is not a readable NuGet package");
    }

    [Test]
    public void Read_CorruptEntry_SaysItIsNotAReadablePackage()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll));

        // The entry's compressed data starts after its local header (30 bytes, then the name; a ZipArchive writes no extra field).
        var name = Encoding.ASCII.GetBytes("lib/net10.0/Acme.dll");
        var data = bytes.AsSpan().IndexOf(name) + name.Length;
        for (var index = data + 16; index < data + 1024; index++)
        {
            bytes[index] ^= 0x5A;
        }

        AssertRefused(() => PackageFileReader.Read(bytes, "corrupt.nupkg"), "'corrupt.nupkg' is not a readable NuGet package");
    }

    [Test]
    public void Read_ZipWithoutNuspec_SaysItIsNotAPackage()
    {
        AssertRefused(() => PackageFileReader.Read(TestPackages.Zip(("lib/net10.0/Acme.dll", Dll)), "plain.zip"), "'plain.zip' has no .nuspec manifest");
    }

    [Test]
    public void Read_NoLibFolder_SaysThereAreNoAssemblies()
    {
        AssertRefused(() => PackageFileReader.Read(TestPackages.Build("Acme", "1.0.0", ("content/readme.txt", [1])), "acme.nupkg"), "'acme.nupkg' has no lib folder, so no assemblies");
    }

    [Test]
    public void Read_LibFolderWithoutDlls_ListsWhatItHas()
    {
        AssertRefused(
            () => PackageFileReader.Read(TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/readme.txt", [1])), "acme.nupkg"),
            "'acme.nupkg' has no assemblies (.dll) in a lib/<framework>/ folder (it has lib/net10.0/readme.txt)");
    }

    [Test]
    public void Read_OnlyFoldersThisHostCannotRun_ListsTheFoldersFound()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net6.0/A.dll", Dll), ("lib/net8.0-windows/B.dll", Dll), ("lib/net40/C.dll", Dll));

        AssertRefused(
            () => PackageFileReader.Read(bytes, "acme.nupkg"),
            "'acme.nupkg' has no lib folder for a framework this host runs (it has lib/net6.0, lib/net8.0-windows, lib/net40)");
    }

    private static void AssertRefused(TestDelegate read, string fragment)
    {
        var refusal = Assert.Throws<RegistrationException>(read);
        Assert.That(refusal!.Message, Does.Contain(fragment));
    }
}
