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

    [TestCase("lib/net10.0/../Acme.dll", "'lib/net10.0/../Acme.dll' with an empty, . or .. path segment")]
    [TestCase("lib/net10.0//Acme.dll", "'lib/net10.0//Acme.dll' with an empty, . or .. path segment")]
    [TestCase("lib/net10.0/sub\\Acme.dll", "'lib/net10.0/sub\\Acme.dll' with a backslash")]
    [TestCase("lib/net10.0/Ac\u0001me.dll", "'lib/net10.0/Ac\\u0001me.dll' with a control character")]
    public void Read_BadLibEntryName_RefusedNamingTheEntry(string entry, string expected)
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll), (entry, Dll));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg"), $"'acme.nupkg' has lib entry {expected}");
    }

    [Test]
    public void Read_LibEntryNameLongerThan255Bytes_RefusedNamingTheEntry()
    {
        // 126 two-byte characters and .dll: 256 UTF-8 bytes in 130 characters.
        var name = new string('\u00e9', 126) + ".dll";
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll), ($"lib/net10.0/{name}", Dll));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg"), $"'acme.nupkg' has lib entry 'lib/net10.0/{name}' with a name longer than 255 bytes");
    }

    [Test]
    public void Read_OnlyDllsCountAsAssemblies_ExeAndWinmdLeftOut()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll), ("lib/net10.0/Tool.exe", Dll), ("lib/net10.0/Api.winmd", Dll));

        Assert.That(PackageFileReader.Read(bytes, "acme.nupkg").Assemblies.Select(assembly => assembly.FileName), Is.EqualTo(new[] { "Acme.dll" }));
    }

    [Test]
    public void Read_EntryOverTheEntryLimit_RefusedNamingEntryAndLimit()
    {
        // Zeros compress to almost nothing: the limit holds on what the entry inflates to, not on the archive's size.
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll), ("lib/net10.0/Zeros.dll", new byte[Dll.Length + 1]));
        var limits = PackageLimits.Default with { MaxEntryBytes = Dll.Length };

        AssertRefused(
            () => PackageFileReader.Read(bytes, "acme.nupkg", limits),
            $"entry lib/net10.0/Zeros.dll of 'acme.nupkg' is larger than {Dll.Length:N0} bytes");
    }

    [Test]
    public void Read_EntryExactlyAtTheEntryLimit_Read()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll));

        var file = PackageFileReader.Read(bytes, "acme.nupkg", PackageLimits.Default with { MaxEntryBytes = Dll.Length });

        Assert.That(file.Assemblies.Single().Image, Is.EqualTo(Dll));
    }

    [Test]
    public void Read_ManifestOverTheEntryLimit_RefusedNamingTheManifest()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", [1]));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg", PackageLimits.Default with { MaxEntryBytes = 16 }), "entry Acme.nuspec of 'acme.nupkg' is larger than 16 bytes");
    }

    [Test]
    public void Read_AssembliesOverTheTotalLimit_RefusedNamingTheLimit()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/A.dll", Dll), ("lib/net10.0/B.dll", Dll));
        var limits = PackageLimits.Default with { MaxAssemblyBytes = (Dll.Length * 2) - 1 };

        AssertRefused(
            () => PackageFileReader.Read(bytes, "acme.nupkg", limits),
            $"the assemblies of 'acme.nupkg' in lib/net10.0/ come to more than {(Dll.Length * 2) - 1:N0} bytes (the limit) by lib/net10.0/B.dll");
    }

    [Test]
    public void Read_FileOverTheFileLimit_RefusedBeforeReadingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.nupkg");
        File.WriteAllBytes(path, TestPackages.Build("Acme", "1.0.0", ("lib/net10.0/Acme.dll", Dll)));
        try
        {
            AssertRefused(
                () => PackageFileReader.Read(path, PackageLimits.Default with { MaxFileBytes = 1024 }),
                $"'{path}' is larger than 1,024 bytes, the largest plug-in package registration reads");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Read_DefaultLimits_AreTheDocumentedOnes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PackageLimits.Default.MaxFileBytes, Is.EqualTo(512L << 20));
            Assert.That(PackageLimits.Default.MaxEntryBytes, Is.EqualTo(256L << 20));
            Assert.That(PackageLimits.Default.MaxAssemblyBytes, Is.EqualTo(1L << 30));
        }
    }

    [Test]
    public void Read_BrokenNuspec_RefusedNamingThePackage()
    {
        var bytes = TestPackages.Zip(("Acme.nuspec", Encoding.UTF8.GetBytes("<package><metadata><id>Acme</id>")), ("lib/net10.0/Acme.dll", Dll));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg"), "'acme.nupkg' has an unreadable .nuspec manifest: Unexpected end of file");
    }

    [Test]
    public void Read_NuspecWithoutVersion_RefusedNamingThePackage()
    {
        var nuspec = TestPackages.Nuspec("Acme", "1.0.0").Replace("<version>1.0.0</version>", "", StringComparison.Ordinal);
        var bytes = TestPackages.Zip(("Acme.nuspec", Encoding.UTF8.GetBytes(nuspec)), ("lib/net10.0/Acme.dll", Dll));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg"), "'acme.nupkg' has a .nuspec manifest without a package <version>");
    }

    [Test]
    public void Read_NuspecWithABadVersion_RefusedNamingTheVersion()
    {
        var bytes = TestPackages.Build("Acme", "1.0.0.0.0", ("lib/net10.0/Acme.dll", Dll));

        AssertRefused(() => PackageFileReader.Read(bytes, "acme.nupkg"), "'acme.nupkg' has a .nuspec manifest whose <version> '1.0.0.0.0' is not a NuGet version");
    }

    // NuGet reads these as its "unsupported" framework rather than throwing: refused as a folder this host cannot run.
    [TestCase("lib/notaframework!/Acme.dll")]
    [TestCase("lib/net10.0-/Acme.dll")]
    [TestCase("lib/portable-net45+net46/Acme.dll")]
    public void Read_LibFolderNuGetCannotParse_RefusedNamingThePackageAndTheFolder(string entry)
    {
        var bytes = TestPackages.Build("Acme", "1.0.0", (entry, Dll));

        AssertRefused(
            () => PackageFileReader.Read(bytes, "acme.nupkg"),
            $"'acme.nupkg' has no lib folder for a framework this host runs (it has {entry[..entry.LastIndexOf('/')]})");
    }

    private static void AssertRefused(TestDelegate read, string fragment)
    {
        var refusal = Assert.Throws<RegistrationException>(read);
        Assert.That(refusal!.Message, Does.Contain(fragment));
    }
}
