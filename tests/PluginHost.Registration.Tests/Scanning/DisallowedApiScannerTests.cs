using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// Scans the real compiled test plug-ins: TestPlugins.Violations holds one class per disallowed-API class of SPEC §7
/// and one method per API, so each test names the API and the <c>Type::Method</c> that uses it.
/// </summary>
[TestFixture]
internal sealed class DisallowedApiScannerTests
{
    private const string Violations = "TestPlugins.Violations.";

    private static readonly Lazy<ScanReport> DefaultListReport = new(() => new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(Image("Violations")));

    private static IReadOnlyList<ApiViolation> Found => DefaultListReport.Value.Violations;

    [Test]
    public void Scan_FileSystem_ReportsFilesDirectoriesStreamsInfosDrivesAndMemoryMappedFiles() => AssertReported(
        ("System.IO.File::ReadAllText", "FileSystem::ReadFile"),
        ("System.IO.Directory::GetFiles", "FileSystem::ListDirectory"),
        ("System.IO.FileStream::.ctor", "FileSystem::OpenStream"),
        ("System.IO.FileInfo::.ctor", "FileSystem::FileSize"),
        ("System.IO.FileInfo::get_Length", "FileSystem::FileSize"),
        ("System.IO.DriveInfo::GetDrives", "FileSystem::DriveCount"),
        ("System.IO.MemoryMappedFiles.MemoryMappedFile::CreateNew", "FileSystem::MapMemory"),
        ("System.IO.File::WriteAllText", "ExportPlugin::Execute"));

    [Test]
    public void Scan_Processes_ReportsProcessStart() => AssertReported(
        ("System.Diagnostics.Process::Start", "Processes::StartShell"),
        ("System.Diagnostics.Process::WaitForExit", "Processes::StartShell"));

    [Test]
    public void Scan_Network_ReportsSocketsHttpClientWebClientWebRequestAndDns() => AssertReported(
        ("System.Net.Sockets.Socket::.ctor", "Network::OpenSocket"),
        ("System.Net.Http.HttpClient::GetStringAsync", "Network::Download"),
        ("System.Net.Http.HttpClient", "Network::Download"),
        ("System.Net.WebClient::.ctor", "Network::DownloadWithWebClient"),
        ("System.Net.WebClient::DownloadString", "Network::DownloadWithWebClient"),
        ("System.Net.WebRequest::Create", "Network::CreateRequest"),
        ("System.Net.Dns::GetHostAddresses", "Network::Resolve"));

    [Test]
    public void Scan_RegistryAndEventLog_ReportsBoth() => AssertReported(
        ("Microsoft.Win32.Registry::CurrentUser", "WindowsServices::ReadRegistry"),
        ("Microsoft.Win32.RegistryKey::OpenSubKey", "WindowsServices::ReadRegistry"),
        ("System.Diagnostics.EventLog::WriteEntry", "WindowsServices::WriteEventLog"));

    [Test]
    public void Scan_EnvironmentControl_ReportsExitFailFastAndSetEnvironmentVariable() => AssertReported(
        ("System.Environment::Exit", "ProcessEnvironment::Exit"),
        ("System.Environment::FailFast", "ProcessEnvironment::FailFast"),
        ("System.Environment::SetEnvironmentVariable", "ProcessEnvironment::SetVariable"));

    [Test]
    public void Scan_ReflectionInvokeAndLateBinding_ReportsEachEntryPoint() => AssertReported(
        ("System.Type::GetType", "LateBinding::TypeByName"),
        ("System.Reflection.MethodBase::Invoke", "LateBinding::InvokeMethod"),
        ("System.Activator::CreateInstance", "LateBinding::CreateByType"),
        ("System.Activator::CreateInstance", "LateBinding::CreateByName"),
        ("System.Reflection.Assembly::Load", "LateBinding::LoadAssembly"),
        ("System.AppDomain::get_CurrentDomain", "LateBinding::DomainName"),
        ("System.Runtime.Loader.AssemblyLoadContext::.ctor", "LateBinding::NewLoadContext"));

    [TestCase("LateBinding::CreateGeneric", TestName = "Scan_NearMiss_GenericActivatorCreateInstance_NotReported")]
    [TestCase("LateBinding::RuntimeTypeName", TestName = "Scan_NearMiss_ObjectGetType_NotReported")]
    [TestCase("ProcessEnvironment::HomeFolder", TestName = "Scan_NearMiss_OtherEnvironmentMembers_NotReported")]
    [TestCase("GenericMembers::OwnGetType", TestName = "Scan_NearMiss_OwnGenericTypeInstantiatedWithType_GetTypeNotReported")]
    public void Scan_NearMiss_NotReported(string usedIn)
    {
        // Member patterns pick members, and parameter lists pick overloads: Activator.CreateInstance<T>() binds at
        // compile time, object.GetType() is not Type.GetType(string), Environment.GetFolderPath is not Exit, and
        // OwnList<Type>.GetType(string) is a member of the plug-in's own generic type, not of its type argument.
        Assert.That(Found.Where(violation => violation.UsedIn == Violations + usedIn), Is.Empty);
    }

    [Test]
    public void Scan_ReflectionEmit_ReportsDynamicMethodAndIlGenerator() => AssertReported(
        ("System.Reflection.Emit.DynamicMethod::.ctor", "CodeGeneration::EmitMethod"),
        ("System.Reflection.Emit.ILGenerator::Emit", "CodeGeneration::EmitMethod"));

    [Test]
    public void Scan_ExpressionCompile_ReportsCompileOnTheGenericExpression() => AssertReported(
        ("System.Linq.Expressions.Expression`1::Compile", "CodeGeneration::CompileExpression"));

    [Test]
    public void Scan_Dynamic_ReportsTheRuntimeBinder() => AssertReported(
        ("Microsoft.CSharp.RuntimeBinder.Binder::InvokeMember", "CodeGeneration::CallDynamically"));

    [Test]
    public void Scan_MarshalNativeLibraryAndGCHandle_ReportsEach() => AssertReported(
        ("System.Runtime.InteropServices.Marshal::AllocHGlobal", "Interop::AllocateUnmanaged"),
        ("System.Runtime.InteropServices.NativeLibrary::Load", "Interop::LoadNativeLibrary"),
        ("System.Runtime.InteropServices.GCHandle::Alloc", "Interop::Pin"));

    [Test]
    public void Scan_DllImport_ReportsTheLibraryAndEntryPoint() => AssertReported(
        ($"{DisallowedApi.PInvoke} libc!getpid", "Interop::GetProcessId"));

    [Test]
    public void Scan_UnsafePointer_ReportedOnTheMethodWhoseSignatureHasIt() => AssertReported(
        (DisallowedApi.UnsafePointer, "UnsafeCode::ReadPointer"));

    [Test]
    public void Scan_FunctionPointers_ReportsTheSignatureAndTheCalli() => AssertReported(
        (DisallowedApi.FunctionPointer, "UnsafeCode::TakesFunctionPointer"),
        (DisallowedApi.FunctionPointer, "UnsafeCode::CallThroughFunctionPointer"),
        ($"{DisallowedApi.FunctionPointer} calli", "UnsafeCode::CallThroughFunctionPointer"));

    [Test]
    public void Scan_ThreadsAndTimers_ReportsThreadTimerAndThreadPool() => AssertReported(
        ("System.Threading.Thread::.ctor", "Threading::StartThread"),
        ("System.Threading.Thread::Start", "Threading::StartThread"),
        ("System.Threading.Timer::.ctor", "Threading::StartTimer"),
        ("System.Threading.ThreadPool::QueueUserWorkItem", "Threading::QueueWork"));

    [Test]
    public void Scan_LoadHookAttributes_ReportsModuleInitializerUnsafeAccessorAndUnmanagedCallersOnly() => AssertReported(
        ("System.Runtime.CompilerServices.ModuleInitializerAttribute", "LoadHooks::OnAssemblyLoad"),
        ("System.Runtime.CompilerServices.UnsafeAccessorAttribute", "LoadHooks::ListSize"),
        ("System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute", "LoadHooks::NativeCallback"));

    [Test]
    public void Scan_DisallowedTypeAsGenericArgument_ReportedForTypeAndMethodInstantiations() => AssertReported(
        ("System.IO.FileInfo", "Indirect::CountFileInfos"),
        ("System.IO.DriveInfo", "Indirect::NoDrives"));

    [Test]
    public void Scan_MemberOfOwnGenericTypeInstantiation_TypeArgumentsReportedAsTypesNotAsTheDeclaringType()
    {
        // OwnList`1 is defined in the plug-in, so the first type *reference* in OwnList`1<FileInfo> is the argument:
        // it was taken for the declaring type, and the calls were reported as System.IO.FileInfo::.ctor, ::Add, ::Default.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ApisUsedIn(Found, "GenericMembers::AddToOwnList"), Is.EquivalentTo(new[] { "System.IO.FileInfo" }));
            Assert.That(ApisUsedIn(Found, "GenericMembers::DefaultOfOwnList"), Is.EquivalentTo(new[] { "System.IO.DriveInfo", "System.IO.FileInfo" }));
        }
    }

    [Test]
    public void Scan_MemberOfFrameworkGenericTypeInstantiation_TypeArgumentReportedAsAType()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ApisUsedIn(Found, "GenericMembers::AddToList"), Is.EquivalentTo(new[] { "System.IO.FileInfo" }));
            Assert.That(ApisUsedIn(Found, "GenericMembers::ConvertList"), Is.EquivalentTo(new[] { "System.IO.FileInfo" }));
        }
    }

    [Test]
    public void Scan_MemberOfArrayType_ElementTypeReportedAsAType() =>
        Assert.That(ApisUsedIn(Found, "GenericMembers::FirstOfGrid"), Is.EquivalentTo(new[] { "System.IO.FileInfo" }), "FileInfo[,]::.ctor and ::Get are not members of FileInfo");

    [Test]
    public void Scan_MemberPatternOnFrameworkGenericType_NamesTheMemberAfterTheGenericTypeDefinition()
    {
        var report = new DisallowedApiScanner(
            [
                new DisallowedApi("System.Collections.Generic.List*::Add", "test"),
                new DisallowedApi("System.Collections.Generic.List`1::ConvertAll", "test"),
            ]).Scan(Image("Violations"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ApisUsedIn(report.Violations, "GenericMembers::AddToList"), Is.EquivalentTo(new[] { "System.Collections.Generic.List`1::Add" }));
            Assert.That(ApisUsedIn(report.Violations, "GenericMembers::ConvertList"), Is.EquivalentTo(new[] { "System.Collections.Generic.List`1::ConvertAll" }));
            Assert.That(ApisUsedIn(report.Violations, "GenericMembers::AddToOwnList"), Is.Empty, "OwnList`1::Add is not List`1::Add");
        }
    }

    [Test]
    public void Scan_CalliWithTheSameSignatureBlobMetFirst_ParameterPatternStillMatchesTheCall() =>
        Assert.That(
            ApisUsedIn(Found, "LateBinding::TypeByNameAfterCalli"),
            Is.EquivalentTo(new[] { "System.Type::GetType", DisallowedApi.FunctionPointer, $"{DisallowedApi.FunctionPointer} calli" }),
            "the calli decoded the shared blob first; the call's parameter list must still be matched against System.Type::GetType(System.String*)");

    [Test]
    public void Scan_InheritedDisallowedType_ReportedOnTheDerivedType() => AssertReported(
        ("System.Net.Http.DelegatingHandler", "LoggingHandler"),
        ("System.IO.FileStream", "AuditStream"));

    [Test]
    public void Scan_DelegateToDisallowedMethod_ReportsLdftnAndLdvirtftnTargets() => AssertReported(
        ("System.IO.File::Delete", "Indirect::DeleteFileLater"),
        ("System.IO.FileSystemInfo::Delete", "Indirect::DeleteInfoLater"));

    [Test]
    public void Scan_CallAfterASwitchJumpTable_Reported()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefaultListReport.Value.Problems, Is.Empty, "the IL walk must not read the jump table as opcodes");
            Assert.That(Found, Does.Contain(new ApiViolation("System.IO.File::ReadAllText", $"{Violations}ControlFlow::ReadAfterSwitch")));
        }
    }

    [Test]
    public void Scan_LargeRealWorldAssembly_EveryMethodBodyReadWithoutProblems()
    {
        // nunit.framework: half a megabyte of IL with many switch tables, which a misread operand turns into
        // "unreadable" (the fate of any real plug-in with a dense switch before this was fixed).
        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(File.ReadAllBytes(typeof(Assert).Assembly.Location));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Problems, Is.Empty);
            Assert.That(report.Violations.Select(violation => violation.Api), Has.Some.StartsWith("System.Threading.Thread::"), "NUnit starts threads: the walk reached its code");
        }
    }

    [Test]
    public void Scan_ViolationsAssembly_EveryUseAttributedToATypeOrMethodOfTheAssembly()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefaultListReport.Value.Problems, Is.Empty);
            Assert.That(Found, Has.Count.GreaterThan(20));
            // AllowUnsafeBlocks marks the module and the assembly; every other use is in a type or method of the plug-in.
            Assert.That(
                Found.Where(violation => violation.Api is not (UnsafeMarkers.UnverifiableCode or UnsafeMarkers.SkipVerification)).Select(violation => violation.UsedIn),
                Has.All.StartsWith(Violations));
            Assert.That(Found, Is.Unique);
        }
    }

    [Test]
    public void Scan_CleanAssembly_NoViolationsAndNoProblems()
    {
        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(Image("Clean"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Violations, Is.Empty);
            Assert.That(report.Problems, Is.Empty);
            Assert.That(report.IsClean, Is.True);
        }
    }

    [Test]
    public void Scan_EmptyList_ReportsNothingInTheViolationsAssembly() =>
        Assert.That(new DisallowedApiScanner([]).Scan(Image("Violations")).IsClean, Is.True);

    [TestCase("System.Linq.*", "System.Linq.Enumerable::Count")]
    [TestCase("System.*.Enumerable", "System.Linq.Enumerable::Count")]
    [TestCase("System.Linq.Enumerable", "System.Linq.Enumerable::Count")]
    [TestCase("System.Linq", "System.Linq.Enumerable::Count")]
    [TestCase("System.Linq.Enumerable::Count", "System.Linq.Enumerable::Count")]
    [TestCase("System.Linq.Enumerable::Cou*", "System.Linq.Enumerable::Count")]
    [TestCase("System.Linq.Enumerable::Count(System.Collections.Generic.IEnumerable`1)", "System.Linq.Enumerable::Count")]
    public void Scan_PatternMatchingTheCleanAssembly_ReportsTheUse(string pattern, string api)
    {
        var report = new DisallowedApiScanner([new DisallowedApi(pattern, "test")]).Scan(Image("Clean"));

        Assert.That(report.Violations, Does.Contain(new ApiViolation(api, "TestPlugins.Clean.ValidPlugin::Execute")));
    }

    [TestCase("System.Linq.Enumerable::Sum")]
    [TestCase("System.Linq.Enumerable::Count(System.String)")]
    [TestCase("System.Linq.Enum")]
    [TestCase("System.Lin*.Queryable")]
    public void Scan_PatternNotMatchingTheCleanAssembly_ReportsNothing(string pattern) =>
        Assert.That(new DisallowedApiScanner([new DisallowedApi(pattern, "test")]).Scan(Image("Clean")).Violations, Is.Empty);

    [Test]
    public void Scan_TypePattern_CoversItsNestedTypes()
    {
        var report = new DisallowedApiScanner([new DisallowedApi("System.Environment", "test")]).Scan(Image("Violations"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Violations, Does.Contain(new ApiViolation("System.Environment::GetFolderPath", $"{Violations}ProcessEnvironment::HomeFolder")));
            Assert.That(report.Violations, Does.Contain(new ApiViolation("System.Environment+SpecialFolder", $"{Violations}ProcessEnvironment::HomeFolder")));
        }
    }

    [Test]
    public void Scan_DllImportAttributeListedWithoutPInvokeEntry_StillReportsTheDeclaration()
    {
        // [DllImport] is a pseudo-attribute: it never appears among the custom attributes the scanner reads.
        var report = new DisallowedApiScanner([new DisallowedApi("System.Runtime.InteropServices.DllImportAttribute", "test")]).Scan(Image("Violations"));

        Assert.That(report.Violations, Is.EqualTo(new[] { new ApiViolation("System.Runtime.InteropServices.DllImportAttribute", $"{Violations}Interop::GetProcessId") }));
    }

    [Test]
    public void Scan_ImageNotIlOnly_RefusedAsNativeCode()
    {
        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(PortableExecutableImages.WithoutIlOnlyFlag(Image("Clean")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Problems, Has.Count.EqualTo(1).And.Some.Contains("not IL-only"));
            Assert.That(report.IsClean, Is.False);
        }
    }

    [Test]
    public void Scan_ReadyToRunImage_RefusedAsPrecompiledCode()
    {
        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(PortableExecutableImages.WithReadyToRunHeader(Image("Clean")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Problems, Has.Count.EqualTo(1).And.Some.Contains("ReadyToRun"));
            Assert.That(report.IsClean, Is.False);
        }
    }

    [Test]
    public void Scan_TruncatedImage_RefusedAsUnreadable()
    {
        var clean = Image("Clean");

        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(clean.AsMemory(0, clean.Length / 2));

        Assert.That(report.Problems, Has.Some.Contains("unreadable").Or.Some.Contains("not a .NET assembly"));
    }

    private static byte[] Image(string testPlugin) => File.ReadAllBytes(TestPluginPaths.Of(testPlugin));

    /// <summary>The APIs reported as used in one <c>Type::Method</c> under TestPlugins.Violations.</summary>
    private static string[] ApisUsedIn(IEnumerable<ApiViolation> violations, string usedIn) =>
        [.. violations.Where(violation => violation.UsedIn == Violations + usedIn).Select(violation => violation.Api)];

    /// <summary>Asserts each (API, Type::Method under TestPlugins.Violations) pair was reported by the default-list scan.</summary>
    private static void AssertReported(params (string Api, string UsedIn)[] expected)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (api, usedIn) in expected)
            {
                Assert.That(Found, Does.Contain(new ApiViolation(api, Violations + usedIn)));
            }
        }
    }
}
