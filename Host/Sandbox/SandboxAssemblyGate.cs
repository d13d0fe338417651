using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PluginHost.Host.Pipeline;
using PluginHost.Registration.Scanning;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// Checks a sandboxed assembly against the disallowed-API list as it is now, before its bytes go to a worker (SPEC §7):
/// the list or the row may have changed since registration. Refuses an assembly too large for the sandbox channel
/// as this host is configured, so its steps fail with that reason instead of breaking the worker's channel. The
/// verdict is kept per assembly version until the registration revision moves.
/// </summary>
internal sealed class SandboxAssemblyGate(RegistrationStore store, StepIndexProvider steps, IOptions<PluginHostOptions> options)
{
    private const int ViolationsInMessage = 5;

    /// <summary>
    /// What the frame that carries an assembly to a worker holds besides the bytes: its SHA-256 in hex and its length,
    /// under 80 bytes; rounded up, so that the check never lets through a frame the channel would refuse.
    /// </summary>
    private const int LoadFrameOverheadBytes = 1024;

    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private readonly RevisionCache<DisallowedApiScanner> _scanner = new();

    /// <summary>The assembly's bytes, once they pass; throws a clear error naming the violations otherwise.</summary>
    public byte[] Admit(StepRegistration step)
    {
        var revision = steps.Current.Revision;
        if (!_verdicts.TryGetValue(step.AssemblySha256, out var verdict) || verdict.Revision != revision)
        {
            // Verdicts of older revisions (and the bytes of replaced versions) are not needed any more.
            foreach (var stale in _verdicts.Where(pair => pair.Value.Revision != revision))
            {
                _verdicts.TryRemove(stale);
            }

            verdict = Judge(step, revision);
            _verdicts[step.AssemblySha256] = verdict;
        }

        return verdict.Refusal is { } refusal ? throw new PipelineException(ErrorCodes.PluginError, refusal) : verdict.Image;
    }

    private Verdict Judge(StepRegistration step, long revision)
    {
        var image = store.ReadAssemblyContent(step.AssemblyId);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(image)), step.AssemblySha256, StringComparison.Ordinal))
        {
            // Updated between the step index load and now: the next revision brings the new version.
            return new Verdict(revision, image, $"assembly {step.AssemblyName} changed while step '{step.Name}' was being dispatched; send the request again");
        }

        var maxFrameMegabytes = options.Value.Sandbox.MaxFrameMegabytes;
        var maxImageBytes = ((long)maxFrameMegabytes * 1024 * 1024) - LoadFrameOverheadBytes;
        if (image.Length > maxImageBytes)
        {
            // The bytes are not kept: they will never be sent.
            return new Verdict(
                revision,
                [],
                $"Step '{step.Name}' was not run: sandboxed assembly {step.AssemblyName} is {image.Length:N0} bytes, more than the {maxImageBytes:N0} bytes " +
                $"the sandbox channel can carry to a worker with PluginHost:Sandbox:MaxFrameMegabytes = {maxFrameMegabytes}. " +
                "Raise that setting, or make the assembly smaller and run 'pluginreg assembly update'.");
        }

        var report = _scanner.Get(revision, () => new DisallowedApiScanner(store.ListDisallowed())).Scan(image);
        if (report.IsClean)
        {
            return new Verdict(revision, image, null);
        }

        var findings = report.Problems.Concat(report.Violations.Select(violation => violation.ToString())).ToList();
        var shown = string.Join("; ", findings.Take(ViolationsInMessage));
        var more = findings.Count > ViolationsInMessage ? $" and {findings.Count - ViolationsInMessage} more" : "";
        return new Verdict(
            revision,
            image,
            $"Step '{step.Name}' was not run: sandboxed assembly {step.AssemblyName} fails the disallowed-API check as the list stands now: {shown}{more}. " +
            "Remove those uses and run 'pluginreg assembly update', or ask an admin to review the disallowed list.");
    }

    private sealed record Verdict(long Revision, byte[] Image, string? Refusal);
}
