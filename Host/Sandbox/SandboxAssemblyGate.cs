using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Registration;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// Checks every file of a sandboxed unit (a lone assembly, or a package with its dependencies) against the disallowed-API
/// list as it is now, before its bytes go to a worker (SPEC §7): the list or the rows may have changed since
/// registration. Refuses a file too large for the sandbox channel as this host is configured, so its steps fail with that
/// reason instead of breaking the worker's channel. A dependency an admin trusts (<c>pluginreg trust add</c>: the same
/// name, version and SHA-256) is not refused for what it uses, as long as it holds no plug-in type; the OS confinement
/// still applies to it. A unit one of whose files references an assembly that neither the unit, nor the host, nor the
/// framework resolves is refused naming the file and the reference, rather than failing inside a worker.
/// The verdict is kept per unit key until the registration revision moves.
/// </summary>
internal sealed class SandboxAssemblyGate(RegistrationStore store, StepIndexProvider steps, IOptions<PluginHostOptions> options)
{
    private const int ViolationsInMessage = 5;

    /// <summary>
    /// What the frame that carries a file to a worker holds besides the bytes: its SHA-256 in hex and its length,
    /// under 80 bytes; rounded up, so that the check never lets through a frame the channel would refuse.
    /// </summary>
    private const int LoadFrameOverheadBytes = 1024;

    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private readonly RevisionCache<DisallowedApiScanner> _scanner = new();
    private readonly RevisionCache<TrustedFiles> _trusted = new();

    /// <summary>The unit's files once they all pass; throws a clear error naming the violations otherwise.</summary>
    public AdmittedUnit Admit(StepRegistration step)
    {
        var revision = steps.Current.Revision;
        var key = step.Unit.Key;
        if (!_verdicts.TryGetValue(key, out var verdict) || verdict.Revision != revision)
        {
            // Verdicts of older revisions (and the bytes of replaced versions) are not needed any more.
            foreach (var stale in _verdicts.Where(pair => pair.Value.Revision != revision))
            {
                _verdicts.TryRemove(stale);
            }

            verdict = Judge(step, revision);
            _verdicts[key] = verdict;
        }

        return verdict.Refusal is { } refusal ? throw new PipelineException(ErrorCodes.PluginError, refusal) : verdict.Admitted!;
    }

    private Verdict Judge(StepRegistration step, long revision)
    {
        var unit = step.Unit;
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var findings = new List<string>();
        foreach (var file in unit.Files)
        {
            var image = store.ReadAssemblyContent(file.AssemblyId);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(image)), file.Sha256, StringComparison.Ordinal))
            {
                // Updated between the step index load and now: the next revision brings the new version.
                return new Verdict(revision, null, $"{FileDescription(unit, file)} changed while step '{step.Name}' was being dispatched; send the request again");
            }

            if (TooLarge(step, unit, file, image) is { } tooLarge)
            {
                return new Verdict(revision, null, tooLarge);
            }

            images[file.Sha256] = image;
            if (_trusted.Get(revision, () => new TrustedFiles(store)).Contains(file))
            {
                continue;
            }

            var report = _scanner.Get(revision, () => new DisallowedApiScanner(store.ListDisallowed())).Scan(image);
            var where = unit.IsPackage ? $"{file.AssemblyName}: " : "";
            findings.AddRange(report.Problems.Concat(report.Violations.Select(violation => violation.ToString())).Select(finding => where + finding));
        }

        if (Unresolvable(step, unit, images) is { } unresolvable)
        {
            return new Verdict(revision, null, unresolvable);
        }

        if (findings.Count == 0)
        {
            return new Verdict(revision, new AdmittedUnit(unit, images), null);
        }

        var shown = string.Join("; ", findings.Take(ViolationsInMessage));
        var more = findings.Count > ViolationsInMessage ? $" and {findings.Count - ViolationsInMessage} more" : "";
        var command = unit.IsPackage ? "package" : "assembly";
        return new Verdict(
            revision,
            null,
            $"Step '{step.Name}' was not run: sandboxed {unit.Description} fails the disallowed-API check as the list stands now: {shown}{more}. " +
            $"Remove those uses and run 'pluginreg {command} update', or ask an admin to review the disallowed list.");
    }

    /// <summary>Why the unit's files cannot be loaded together (a reference nothing resolves), or null when they can.</summary>
    private string? Unresolvable(StepRegistration step, PluginUnit unit, Dictionary<string, byte[]> images)
    {
        var unresolved = UnitReferences.Unresolved(unit.Files.Select(file => (file.FileName, (ReadOnlyMemory<byte>)images[file.Sha256])));
        if (unresolved.Count == 0)
        {
            return null;
        }

        var shown = string.Join("; ", unresolved.Take(ViolationsInMessage).Select(reference => $"{reference.FileName} references {reference.Name} {reference.Version}"));
        var more = unresolved.Count > ViolationsInMessage ? $" and {unresolved.Count - ViolationsInMessage} more" : "";
        var command = unit.IsPackage ? "package" : "assembly";
        return $"Step '{step.Name}' was not run: sandboxed {unit.Description} cannot be loaded: {shown}{more}, " +
               $"which is neither a file of the {command}, nor supplied by the host, nor part of {RuntimeInformation.FrameworkDescription} at that version or newer. " +
               $"Pack the missing assembly with the plug-in and run 'pluginreg {command} update'.";
    }

    /// <summary>Why a file cannot be sent to a worker through this host's channel, or null when it can.</summary>
    private string? TooLarge(StepRegistration step, PluginUnit unit, UnitFile file, byte[] image)
    {
        var maxFrameMegabytes = options.Value.Sandbox.MaxFrameMegabytes;
        var maxImageBytes = ((long)maxFrameMegabytes * 1024 * 1024) - LoadFrameOverheadBytes;
        return image.Length <= maxImageBytes
            ? null
            : $"Step '{step.Name}' was not run: sandboxed {FileDescription(unit, file)} is {image.Length:N0} bytes, more than the {maxImageBytes:N0} bytes " +
              $"the sandbox channel can carry to a worker with PluginHost:Sandbox:MaxFrameMegabytes = {maxFrameMegabytes}. " +
              $"Raise that setting, or make the assembly smaller and run 'pluginreg {(unit.IsPackage ? "package" : "assembly")} update'.";
    }

    private static string FileDescription(PluginUnit unit, UnitFile file) =>
        unit.IsPackage ? $"assembly {file.AssemblyName} of package {unit.Name}" : $"assembly {file.AssemblyName}";

    private sealed record Verdict(long Revision, AdmittedUnit? Admitted, string? Refusal);

    /// <summary>The registered files an admin's trust covers at one revision: trusted name, version and SHA-256, and no plug-in type.</summary>
    private sealed class TrustedFiles
    {
        private readonly HashSet<(string Name, string Version, string Sha256)> _trusted;
        private readonly Dictionary<Guid, AssemblyRecord> _assemblies;

        public TrustedFiles(RegistrationStore store)
        {
            _trusted = [.. store.ListTrusted().Select(trusted => (trusted.Name.ToUpperInvariant(), trusted.Version, trusted.Sha256))];
            // Versions and plug-in types are only needed when something is trusted at all.
            _assemblies = _trusted.Count == 0 ? [] : store.ListAssemblies().ToDictionary(assembly => assembly.Id);
        }

        public bool Contains(UnitFile file) =>
            _assemblies.TryGetValue(file.AssemblyId, out var assembly)
            && assembly.Types.Count == 0
            && _trusted.Contains((assembly.Name.ToUpperInvariant(), assembly.Version, assembly.Sha256));
    }
}

/// <summary>A sandboxed unit that passed the gate, with the bytes of each of its files by SHA-256.</summary>
internal sealed record AdmittedUnit(PluginUnit Unit, IReadOnlyDictionary<string, byte[]> Images);
