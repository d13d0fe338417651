using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// Unsafe code written in IL by hand (see <see cref="UnsafeIlImages"/>), which leaves no pointer type in a local or a
/// method signature and no UnverifiableCode attribute: each shape is reported, by the rule it falls under and where
/// it is used, and the same image without it is clean.
/// </summary>
[TestFixture]
internal sealed class UnsafeIlScanTests
{
    private const string Plugin = UnsafeIlImages.PluginType + "::";
    private const string Pointer = DisallowedApi.UnsafePointer;

    private static readonly DisallowedApiScanner DefaultList = new(DefaultDisallowedApis.All);

    [TestCase(UnsafeIlShape.LocalAddressOnTheStack, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressAfterNop, "Execute", Pointer + " conv.i of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressAcrossJump, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressAcrossConditionalJump, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressDuplicated, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.ArgumentAddress, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.FieldAddress, "Execute", Pointer + " conv.i of a managed address")]
    [TestCase(UnsafeIlShape.StaticFieldAddress, "Execute", Pointer + " conv.ovf.u of a managed address")]
    [TestCase(UnsafeIlShape.ArrayElementAddress, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.ByRefLocalConverted, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.ByRefParameterConverted, "Helper", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.ByRefReturnConverted, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressUnderAPoppedValue, "Execute", Pointer + " conv.u of a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressStoredInNativeIntLocal, "Execute", Pointer + " stloc.2 storing a managed address as a number")]
    [TestCase(UnsafeIlShape.LocalAddressPassedAsNumber, "Execute", Pointer + " call passing a managed address as a number")]
    [TestCase(UnsafeIlShape.ArgumentAddressReturnedAsNumber, "Number", Pointer + " ret returning a managed address as a number")]
    [TestCase(UnsafeIlShape.LocalAddressScaledArithmetic, "Execute", Pointer + " add on a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressArithmetic, "Execute", Pointer + " add on a managed address")]
    [TestCase(UnsafeIlShape.LocalAddressArithmeticReversed, "Execute", Pointer + " add on a managed address")]
    [TestCase(UnsafeIlShape.Localloc, "Execute", Pointer + " localloc")]
    [TestCase(UnsafeIlShape.Cpblk, "Execute", Pointer + " cpblk")]
    [TestCase(UnsafeIlShape.Initblk, "Execute", Pointer + " initblk")]
    [TestCase(UnsafeIlShape.TypedReference, "Execute", Pointer + " mkrefany", Pointer + " refanyval")]
    [TestCase(UnsafeIlShape.Arglist, "Execute", Pointer + " arglist")]
    [TestCase(UnsafeIlShape.FunctionAddressAsNumber, "Execute", DisallowedApi.FunctionPointer + " ldftn outside a delegate construction")]
    [TestCase(UnsafeIlShape.PointerInTypeSpecification, "Execute", Pointer)]
    [TestCase(UnsafeIlShape.PointerInPropertySignature, "Pointer", Pointer)]
    public void Scan_HandWrittenUnsafeShape_ReportedInTheMethodThatHasIt(UnsafeIlShape shape, string member, params string[] apis) =>
        AssertOnlyFindings(shape, Plugin + member, apis);

    [TestCase(UnsafeIlShape.PointerInUnusedStandaloneSignature, "assembly metadata", Pointer)]
    [TestCase(UnsafeIlShape.UnverifiableCodeAttribute, "module attributes", Pointer + " System.Security.UnverifiableCodeAttribute")]
    [TestCase(UnsafeIlShape.SkipVerificationRequest, "assembly attributes", Pointer + " SecurityPermission(SkipVerification)")]
    public void Scan_UnsafeMarkOutsideMethods_ReportedWhereItIs(UnsafeIlShape shape, string usedIn, params string[] apis) =>
        AssertOnlyFindings(shape, usedIn, apis);

    [TestCase(UnsafeIlShape.None)]
    [TestCase(UnsafeIlShape.SafeStoreAndConversion)]
    [TestCase(UnsafeIlShape.SafeByRefReturnRead)]
    [TestCase(UnsafeIlShape.SafeDelegate)]
    [TestCase(UnsafeIlShape.SafeArithmetic)]
    [TestCase(UnsafeIlShape.SafeArithmeticAboveAnAddress)]
    [TestCase(UnsafeIlShape.SafeByRefLocal)]
    public void Scan_SafeLookAlike_Clean(UnsafeIlShape shape)
    {
        var report = DefaultList.Scan(UnsafeIlImages.With(shape));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Violations, Is.Empty);
            Assert.That(report.Problems, Is.Empty);
        }
    }

    [Test]
    public void Scan_ListWithoutPointerEntries_NoShapeReported()
    {
        // The shapes are findings of [unsafe-pointer] and [function-pointer]: an admin who removes both allows them.
        var scanner = new DisallowedApiScanner(DefaultDisallowedApis.All.Where(rule => rule.Pattern is not (DisallowedApi.UnsafePointer or DisallowedApi.FunctionPointer)));

        var reports = Enum.GetValues<UnsafeIlShape>().Select(shape => (Shape: shape, Report: scanner.Scan(UnsafeIlImages.With(shape)))).ToList();

        Assert.That(reports.Where(entry => !entry.Report.IsClean).Select(entry => entry.Shape), Is.Empty);
    }

    private static void AssertOnlyFindings(UnsafeIlShape shape, string usedIn, string[] apis)
    {
        var control = DefaultList.Scan(UnsafeIlImages.With(UnsafeIlShape.None));

        var report = DefaultList.Scan(UnsafeIlImages.With(shape));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(control.IsClean, Is.True, "the same image without the shape is clean: the shape alone is reported");
            Assert.That(report.Problems, Is.Empty);
            Assert.That(report.Violations, Is.EquivalentTo(apis.Select(api => new ApiViolation(api, usedIn))));
        }
    }
}
