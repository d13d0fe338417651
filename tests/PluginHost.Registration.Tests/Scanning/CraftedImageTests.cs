using PluginHost.Registration.Inspection;
using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// Images crafted to break the reader rather than to run (see <see cref="CraftedImages"/>): a type reference whose
/// scope leads back to itself, and an IL token that names no metadata table. The scanner and the inspector must refuse
/// them as unreadable: a stack overflow cannot be caught, and an uncaught exception ends pluginreg or the host.
/// </summary>
[TestFixture]
internal sealed class CraftedImageTests
{
    private const string Source = "crafted.dll";
    private const string TooDeep = "type nesting deeper than 64 levels (a scope that refers back to itself)";
    private const string ScanUnreadable = "unreadable metadata or IL: ";
    private const string InspectionUnreadable = Source + " is not a readable .NET assembly (not a PE file, truncated or corrupt): ";

    private static readonly DisallowedApiScanner DefaultList = new(DefaultDisallowedApis.All);

    [TestCase(1, TestName = "Scan_TypeReferenceScopedInItself_RefusedAsUnreadable")]
    [TestCase(2, TestName = "Scan_TwoTypeReferencesScopedInEachOther_RefusedAsUnreadable")]
    [TestCase(3, TestName = "Scan_RingOfThreeTypeReferences_RefusedAsUnreadable")]
    public void Scan_TypeReferenceRing_RefusedAsUnreadable(int length)
    {
        var open = DefaultList.Scan(CraftedImages.WithNestedAttributeType(length, closed: false));

        var ring = DefaultList.Scan(CraftedImages.WithNestedAttributeType(length, closed: true));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open.IsClean, Is.True, "the same image with the chain open is a clean plug-in: the ring alone refuses it");
            Assert.That(ring.Problems, Is.EqualTo(new[] { ScanUnreadable + TooDeep }));
            Assert.That(ring.Violations, Is.Empty);
        }
    }

    [Test]
    public void Scan_TypeReferencesNestedDeeperThan64Levels_RefusedAsUnreadable()
    {
        // A list entry for the namespace makes the scanner name the attribute type, which proves it read the chain.
        var scanner = new DisallowedApiScanner([new DisallowedApi("Crafted", "test")]);

        var deepest = scanner.Scan(CraftedImages.WithNestedAttributeType(65, closed: false));
        var tooDeep = scanner.Scan(CraftedImages.WithNestedAttributeType(66, closed: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deepest.Problems, Is.Empty, "64 levels of nesting under the outermost type are read");
            Assert.That(deepest.Violations, Does.Contain(new ApiViolation(CraftedImages.NestedAttributeTypeName(65), "assembly attributes")));
            Assert.That(tooDeep.Problems, Is.EqualTo(new[] { ScanUnreadable + TooDeep }));
            Assert.That(tooDeep.Violations, Is.Empty);
        }
    }

    [TestCase(1, TestName = "Inspect_TypeReferenceScopedInItself_RefusedAsUnreadable")]
    [TestCase(2, TestName = "Inspect_TwoTypeReferencesScopedInEachOther_RefusedAsUnreadable")]
    public void Inspect_TypeReferenceRing_RefusedAsUnreadable(int length)
    {
        var open = AssemblyInspector.Inspect(CraftedImages.WithNestedAttributeType(length, closed: false), Source);

        var ring = AssemblyInspector.Inspect(CraftedImages.WithNestedAttributeType(length, closed: true), Source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open.Problems, Is.Empty, "the same image with the chain open is a valid plug-in: the ring alone refuses it");
            Assert.That(open.PluginTypes, Is.EqualTo(new[] { CraftedImages.PluginType }));
            Assert.That(ring.Problems, Is.EqualTo(new[] { InspectionUnreadable + TooDeep }));
            Assert.That(ring.Identity, Is.Null);
            Assert.That(ring.PluginTypes, Is.Empty);
        }
    }

    [Test]
    public void Scan_65535MetadataStreams_RefusedAsUnreadable()
    {
        var report = DefaultList.Scan(PortableExecutableImages.WithMetadataStreamCount(File.ReadAllBytes(TestPluginPaths.Of("Clean")), ushort.MaxValue));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Problems, Has.Count.EqualTo(1).And.Some.StartsWith(ScanUnreadable));
            Assert.That(report.Violations, Is.Empty);
        }
    }

    [Test]
    public void Scan_CalliTokenThatIsNoStandaloneSignature_RefusedAsUnreadable()
    {
        var result = DefaultList.Scan(CraftedImages.WithCalliInExecute(CraftedImages.ObjectConstructorToken));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Problems, Is.EqualTo(new[] { $"{ScanUnreadable}the calli token 0x0A000001 is not a stand-alone signature" }));
            Assert.That(result.Violations, Is.Empty);
        }
    }

    [Test]
    public void Scan_MemberOfByReferenceTypeSpecification_RefusedAsUnreadable()
    {
        // CLASS System.Object, then BYREF CLASS System.Object: a by-ref "type" declares no members.
        var valid = DefaultList.Scan(CraftedImages.WithCallToMemberOf([0x12, 0x05]));

        var byReference = DefaultList.Scan(CraftedImages.WithCallToMemberOf([0x10, 0x12, 0x05]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(valid.IsClean, Is.True, "a member of a plain class specification is read: the by-ref alone refuses it");
            Assert.That(byReference.Problems, Is.EqualTo(new[] { $"{ScanUnreadable}type specification 0x1B000001 is a ByReference, which declares no members" }));
        }
    }

    [TestCase(0x7F000001, TestName = "Scan_CallTokenOfTable0x7F_RefusedAsUnreadable")]
    [TestCase(unchecked((int)0xFF000001), TestName = "Scan_CallTokenOfTable0xFF_RefusedAsUnreadable")]
    [TestCase(unchecked((int)0x81000001), TestName = "Scan_CallTokenOfTable0x81_RefusedAsUnreadable")]
    [TestCase(0x2D000001, TestName = "Scan_CallTokenOfTable0x2D_RefusedAsUnreadable")]
    [TestCase(0x11000001, TestName = "Scan_CallTokenOfStandaloneSignature_RefusedAsUnreadable")]
    public void Scan_CallTokenOfNoTable_RefusedAsUnreadable(int token)
    {
        var valid = DefaultList.Scan(CraftedImages.WithCallInExecute(CraftedImages.ObjectConstructorToken));

        var invalid = DefaultList.Scan(CraftedImages.WithCallInExecute(token));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(valid.IsClean, Is.True, "the same image calling object's constructor is a clean plug-in: the token alone refuses it");
            Assert.That(invalid.Problems, Is.EqualTo(new[] { $"{ScanUnreadable}the IL token 0x{token:X8} names no metadata table an instruction can refer to" }));
            Assert.That(invalid.Violations, Is.Empty);
        }
    }
}
