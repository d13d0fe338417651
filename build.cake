// PluginHost build: ./build.sh --target=<Task>. Every task has a description: ./build.sh --description lists them.
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");

var solution = File("./PluginHost.sln");
var artifacts = Directory("./artifacts");
var binRoot = artifacts + Directory("bin");
var testResults = artifacts + Directory("test-results");
var samplePackagePattern = "./artifacts/plugins/PluginHost.Samples.Packaged.*.nupkg";

Task("Clean")
    .Description("Deletes artifacts/ and every bin/ and obj/ folder.")
    .Does(() =>
{
    CleanDirectory(artifacts);
    CleanDirectories("./**/bin");
    CleanDirectories("./**/obj");
});

Task("Restore")
    .Description("Restores NuGet packages for the whole solution.")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .Description("Builds the solution (product, sample and test plug-ins, tests) with warnings as errors.")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

Task("Test")
    .Description("Builds and runs every NUnit test; prints one 'N passed, N failed' summary line.")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    Exception failure = null;
    try
    {
        DotNetTest(solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            Loggers = { "trx", "console;verbosity=normal" },
            ResultsDirectory = testResults,
        });
    }
    catch (Exception exception)
    {
        failure = exception;
    }

    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(testResults.Path.FullPath + "/**/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(element => element.Name.LocalName == "Counters");
        passed += (int)counters.Attribute("passed");
        failed += (int)counters.Attribute("failed");
        skipped += (int)counters.Attribute("notExecuted");
    }

    Information($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failure != null || failed > 0 || passed == 0)
    {
        throw new CakeException("Tests failed: see the output above.", failure);
    }
});

Task("Publish")
    .Description("Writes framework-dependent builds to artifacts/bin/pluginreg/ and artifacts/bin/pluginhost/ (with the sandbox runner in its sandbox/ folder), the SDK plug-ins compile against to artifacts/sdk/ and its NuGet package to artifacts/packages/, and the sample plug-ins to artifacts/plugins/ (a DLL and a plug-in package).")
    .IsDependentOn("Build")
    .Does(() =>
{
    var tools = new Dictionary<string, string>
    {
        ["pluginreg"] = "./Registration/PluginHost.Registration.Cli/PluginHost.Registration.Cli.csproj",
        ["pluginhost"] = "./Host/PluginHost.Host.csproj",
    };
    foreach (var tool in tools.Where(tool => FileExists(tool.Value)))
    {
        DotNetPublish(tool.Value, new DotNetPublishSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            OutputDirectory = binRoot + Directory(tool.Key),
        });
    }

    // The SDK: what a plug-in compiles against, as files and as the PluginHost.Sdk package.
    var sdk = artifacts + Directory("sdk");
    CleanDirectory(sdk);
    var sdkOutput = "./Contracts/Microsoft.Crm.Sdk.Proxy/bin/" + configuration + "/netstandard2.0/";
    CopyFiles(new[] { "Microsoft.Xrm.Sdk.dll", "Microsoft.Xrm.Sdk.xml", "Microsoft.Crm.Sdk.Proxy.dll", "Microsoft.Crm.Sdk.Proxy.xml", "System.ServiceModel.Primitives.dll" }
        .Select(file => new FilePath(sdkOutput + file)), sdk);
    DotNetPack("./Contracts/Microsoft.Crm.Sdk.Proxy/Microsoft.Crm.Sdk.Proxy.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts + Directory("packages"),
    });

    DotNetPublish("./plugins/PluginHost.Samples/PluginHost.Samples.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts + Directory("plugins"),
    });

    // The packaged sample: its own assembly and its helper library in one .nupkg. An older version's package goes, so
    // that Register-Samples finds exactly one.
    DeleteFiles(GetFiles(samplePackagePattern));
    DotNetPack("./plugins/PluginHost.Samples.Packaged/PluginHost.Samples.Packaged.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts + Directory("plugins"),
    });
});

Task("Register-Samples")
    .Description("Registers the sample plug-ins from plugins/ (an assembly and a plug-in package) and their steps into ./pluginhost.db, idempotently.")
    .IsDependentOn("Publish")
    .Does(() =>
{
    var samples = MakeAbsolute(artifacts + File("plugins/PluginHost.Samples.dll")).FullPath;
    var registered = PluginReg("assembly list --json").RootElement.EnumerateArray()
        .FirstOrDefault(assembly => assembly.GetProperty("name").GetString() == "PluginHost.Samples");
    if (registered.ValueKind == System.Text.Json.JsonValueKind.Undefined)
    {
        PluginReg($"assembly register \"{samples}\" --description \"PluginHost samples\"");
    }
    else if (registered.GetProperty("sha256").GetString() != Sha256Of(samples))
    {
        PluginReg($"assembly update PluginHost.Samples \"{samples}\"");
    }

    // The packaged sample, registered or updated as a whole when its .nupkg's SHA-256 changed.
    var package = MakeAbsolute(GetFiles(samplePackagePattern).Single()).FullPath;
    var registeredPackage = PluginReg("package list --json").RootElement.EnumerateArray()
        .FirstOrDefault(candidate => string.Equals(candidate.GetProperty("name").GetString(), "PluginHost.Samples.Packaged", StringComparison.OrdinalIgnoreCase));
    if (registeredPackage.ValueKind == System.Text.Json.JsonValueKind.Undefined)
    {
        PluginReg($"package register \"{package}\" --description \"PluginHost packaged sample\"");
    }
    else if (registeredPackage.GetProperty("sha256").GetString() != Sha256Of(package))
    {
        PluginReg($"package update PluginHost.Samples.Packaged \"{package}\"");
    }

    var steps = PluginReg("step list --json").RootElement.EnumerateArray().Select(step => step.GetProperty("name").GetString()).ToHashSet();
    void Step(string name, string arguments)
    {
        if (!steps.Contains(name))
        {
            PluginReg($"step register --name \"{name}\" {arguments}");
        }
    }

    Step("Validate account name on create", "--type PluginHost.Samples.AccountNameValidator --message Create --entity account --stage prevalidation --config 3");
    Step("Validate account name on update", "--type PluginHost.Samples.AccountNameValidator --message Update --entity account --stage prevalidation --filtering-attributes name --config 3");
    Step("Follow up new account", "--type PluginHost.Samples.FollowUpTaskCreator --message Create --entity account --stage postoperation");
    Step("Title-case contact names on create", "--type PluginHost.Samples.Packaged.ContactNameNormalizer --message Create --entity contact --stage preoperation");
    if (!steps.Contains("Audit account update"))
    {
        var audit = PluginReg("step register --name \"Audit account update\" --type PluginHost.Samples.AccountUpdateAuditor --message Update --entity account --stage postoperation");
        var id = audit.RootElement.GetProperty("id").GetString();
        PluginReg($"image register --step {id} --kind pre --alias before");
        PluginReg($"image register --step {id} --kind post --alias after");
    }

    Information("Samples registered in ./pluginhost.db.");
});

System.Text.Json.JsonDocument PluginReg(string arguments)
{
    var code = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"artifacts/bin/pluginreg/pluginreg.dll {arguments} --json",
        RedirectStandardOutput = true,
    }, out var output);
    if (code != 0)
    {
        throw new CakeException($"pluginreg {arguments} failed with exit code {code}");
    }

    return System.Text.Json.JsonDocument.Parse(string.Join("\n", output));
}

string Sha256Of(string path) =>
    Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))).ToLowerInvariant();

Task("Run")
    .Description("Publishes, registers the samples into ./pluginhost.db (idempotently) and runs the host on http://127.0.0.1:5080 until Ctrl+C.")
    .IsDependentOn("Register-Samples")
    .Does(() =>
{
    Information("");
    Information("Starting pluginhost on http://127.0.0.1:5080 (Ctrl+C stops it). Try, from another terminal:");
    Information("  curl -s -X POST http://127.0.0.1:5080/api/entities/account -H 'Content-Type: application/json' -d '{\"name\":\"Contoso\"}'");
    Information("  curl -s http://127.0.0.1:5080/api/entities/task");
    Information("  curl -s -X POST http://127.0.0.1:5080/api/entities/account -H 'Content-Type: application/json' -d '{\"name\":\"X\"}'");
    Information("  curl -s -X POST http://127.0.0.1:5080/api/entities/contact -H 'Content-Type: application/json' -d '{\"firstname\":\"jean-LUC\",\"lastname\":\"PICARD\"}'");
    Information("  curl -s http://127.0.0.1:5080/api/entities/contact   # Jean-Luc Picard: the packaged sample's PreOperation step");
    Information("  curl -s 'http://127.0.0.1:5080/api/admin/traces?top=5'");
    Information("");
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = "artifacts/bin/pluginhost/pluginhost.dll --db pluginhost.db --urls http://127.0.0.1:5080",
    });
    if (exitCode != 0)
    {
        throw new CakeException($"pluginhost exited with code {exitCode}");
    }
});

Task("Bench")
    .Description("Runs the benchmark program; prints figures and writes artifacts/bench/results.json.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var project = "./tests/PluginHost.Benchmarks/PluginHost.Benchmarks.csproj";
    if (!FileExists(project))
    {
        throw new CakeException("The benchmark program (tests/PluginHost.Benchmarks) does not exist yet.");
    }

    DotNetRun(project, new DotNetRunSettings { Configuration = configuration, NoBuild = true, NoRestore = true });
});

RunTarget(target);
