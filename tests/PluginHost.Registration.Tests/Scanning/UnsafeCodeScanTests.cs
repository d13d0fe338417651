using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// The unsafe code the C# compiler makes (tests/TestPlugins/UnsafeShapes, compiled with AllowUnsafeBlocks, one type
/// per shape): each shape is reported under <c>[unsafe-pointer]</c> or <c>[function-pointer]</c> in the method,
/// field or property that has it, and so is the compiler's own mark on the module.
/// </summary>
[TestFixture]
internal sealed class UnsafeCodeScanTests
{
    private const string Shapes = "TestPlugins.UnsafeShapes.";
    private const string Pointer = DisallowedApi.UnsafePointer;
    private const string AddressConverted = Pointer + " conv.u of a managed address";

    private static readonly Lazy<ScanReport> Report = new(() => new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(File.ReadAllBytes(TestPluginPaths.Of("UnsafeShapes"))));

    // Optimized, the pointer of 'int* pointer = &value; *pointer = 2;' never reaches a local: the conversion is all
    // that is left of it, and the scan passed this method before it looked at the IL.
    [TestCase("PointerLocal::WriteThroughPointer", AddressConverted, TestName = "Scan_PointerToALocalKeptOnTheStack_ReportsTheConversion")]
    [TestCase("AddressAsNumber::AddressOfLocal", AddressConverted, TestName = "Scan_LocalsAddressReturnedAsNumber_ReportsTheConversion")]
    [TestCase("Fixed::FirstElement", Pointer, AddressConverted, TestName = "Scan_FixedStatement_ReportsThePointerAndThePinnedAddressConverted")]
    [TestCase("StackAllocPointer::Sum", Pointer + " localloc", TestName = "Scan_StackAllocIntoPointer_ReportsLocalloc")]
    [TestCase("StackAllocSpan::Sum", Pointer, Pointer + " localloc", TestName = "Scan_StackAllocIntoSpan_ReportsLocallocAndTheSpanPointerConstructor")]
    [TestCase("FixedBuffer::Set", Pointer + " add on a managed address", TestName = "Scan_FixedSizeBufferElement_ReportsTheAddressArithmetic")]
    [TestCase("PointerField::Pointer", Pointer, TestName = "Scan_PointerField_Reported")]
    [TestCase("PointerProperty::Pointer", Pointer, TestName = "Scan_PointerProperty_ReportedOnTheProperty")]
    [TestCase("PointerProperty::get_Pointer", Pointer, TestName = "Scan_PointerProperty_ReportedOnItsGetter")]
    [TestCase("PointerArray::Make", Pointer, TestName = "Scan_ArrayOfPointers_Reported")]
    [TestCase("FunctionPointerField::Square", DisallowedApi.FunctionPointer, TestName = "Scan_FunctionPointerField_Reported")]
    [TestCase("TypedReferences::MakeReference", Pointer + " mkrefany", Pointer + " refanytype", Pointer + " refanyval", TestName = "Scan_MakeRefRefValueRefType_ReportsEachInstruction")]
    [TestCase("TypedReferences::CountArguments", Pointer + " arglist", TestName = "Scan_ArgList_Reported")]
    public void Scan_CompiledUnsafeShape_ReportedWhereUsed(string usedIn, params string[] apis) =>
        Assert.That(Report.Value.Violations.Where(violation => violation.UsedIn == Shapes + usedIn).Select(violation => violation.Api), Is.EquivalentTo(apis));

    [Test]
    public void Scan_CompiledWithAllowUnsafeBlocks_CompilersMarksReported()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Report.Value.Violations, Does.Contain(new ApiViolation(UnsafeMarkers.UnverifiableCode, "module attributes")));
            Assert.That(Report.Value.Violations, Does.Contain(new ApiViolation(UnsafeMarkers.SkipVerification, "assembly attributes")));
        }
    }

    [Test]
    public void Scan_PluginTypeWithoutUnsafeCode_NothingReportedOnIt()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Report.Value.Problems, Is.Empty);
            Assert.That(Report.Value.Violations.Where(violation => violation.UsedIn.StartsWith(Shapes + "UnsafePlugin", StringComparison.Ordinal)), Is.Empty);
        }
    }
}
