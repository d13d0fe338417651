using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Loading;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// An immutable view of the enabled steps at one registration revision, indexed by message and entity so that
/// dispatch cost does not grow with steps registered elsewhere.
/// </summary>
internal sealed class StepIndex
{
    private readonly FrozenDictionary<string, StepRegistration[]> _byMessage;
    private const int MaxCachedKeys = 10_000;

    private readonly ConcurrentDictionary<(string Message, string Entity, int Stage, ExecutionMode Mode), StepRegistration[]> _resolved = new();

    private StepIndex(long revision, IEnumerable<StepRegistration> steps, IReadOnlyDictionary<string, string> customMessages, IReadOnlyDictionary<Guid, StepRegistration> all)
    {
        Revision = revision;
        CustomMessages = customMessages;
        Steps = all;
        _byMessage = steps
            .GroupBy(step => step.Message, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(group => group.Key, group => group.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The registration revision this index reflects.</summary>
    public long Revision { get; }

    /// <summary>Custom message names, looked up case-insensitively, giving the registered spelling.</summary>
    public IReadOnlyDictionary<string, string> CustomMessages { get; }

    /// <summary>Every enabled step by id, for async jobs.</summary>
    public IReadOnlyDictionary<Guid, StepRegistration> Steps { get; }

    public static StepIndex Empty { get; } = new(0, [], new Dictionary<string, string>(), new Dictionary<Guid, StepRegistration>());

    /// <summary>Reads every enabled step with its images, assembly and secure configuration from the store.</summary>
    public static StepIndex Load(RegistrationStore store)
    {
        // Read the revision first: a change landing while we read makes the next poll load again.
        var revision = store.Database.ReadRevision();
        var assemblies = store.ListAssemblies().ToDictionary(assembly => assembly.Id);
        var units = Units(assemblies.Values);
        var images = store.ListImages().ToLookup(image => image.StepId);
        var steps = store.ListSteps()
            .Where(step => step.Enabled && assemblies.ContainsKey(step.AssemblyId))
            .Select(step =>
            {
                var assembly = assemblies[step.AssemblyId];
                var (secureConfig, problem) = step.HasSecureConfig ? ReadSecureConfig(store, step.Id) : (null, null);
                return new StepRegistration(
                    step.Id, step.Name, step.TypeName, assembly.Id, assembly.Name, assembly.Sha256, assembly.Isolation, step.Message, step.Entity,
                    step.Stage, step.Mode, step.Rank, step.FilteringAttributes, step.UnsecureConfig,
                    secureConfig, step.AsyncAutoDelete, images[step.Id].ToList()) { SecureConfigProblem = problem, Unit = units[assembly.Id] };
            })
            .ToList();
        var custom = store.ListMessages().Where(message => message.IsCustom).ToDictionary(message => message.Name, message => message.Name, StringComparer.OrdinalIgnoreCase);
        return new StepIndex(revision, steps, custom, steps.ToDictionary(step => step.StepId));
    }

    /// <summary>The load unit of each assembly: its own for a lone assembly, its package's for a package member.</summary>
    private static Dictionary<Guid, PluginUnit> Units(IEnumerable<AssemblyRecord> assemblies)
    {
        var units = new Dictionary<Guid, PluginUnit>();
        foreach (var group in assemblies.GroupBy(assembly => assembly.PackageId))
        {
            if (group.Key is not { } packageId)
            {
                foreach (var assembly in group)
                {
                    units[assembly.Id] = PluginUnit.ForAssembly(assembly.Id, assembly.Name, assembly.Sha256, assembly.Isolation);
                }

                continue;
            }

            var first = group.First();
            var package = PluginUnit.ForPackage(
                packageId, first.PackageName ?? first.Name, first.Isolation, group.Select(assembly => new UnitFile(assembly.Id, assembly.Name, assembly.FileName, assembly.Sha256)));
            foreach (var assembly in group)
            {
                units[assembly.Id] = package;
            }
        }

        return units;
    }

    /// <summary>
    /// A step's secure configuration, or why it cannot be read (a missing or wrong key file): that step fails with the
    /// reason when it would run, and every other step still loads.
    /// </summary>
    private static (string? SecureConfig, string? Problem) ReadSecureConfig(RegistrationStore store, Guid stepId)
    {
        try
        {
            return (store.ReadSecureConfig(stepId), null);
        }
        catch (RegistrationException exception)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>
    /// The steps of one stage and mode for a message on an entity: those registered on the entity and those on all
    /// entities, by rank then registration order (ListSteps already sorts by rank, then registration time).
    /// </summary>
    public StepRegistration[] For(string message, string entity, int stage, ExecutionMode mode)
    {
        var key = (message, entity, stage, mode);
        if (_resolved.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var steps = _byMessage.TryGetValue(message, out var candidates)
            ? Array.FindAll(candidates, step => step.Stage == stage && step.Mode == mode && (step.Entity is null || string.Equals(step.Entity, entity, StringComparison.Ordinal)))
            : [];

        // Entity names come from callers: bound the cache so that made-up names cannot grow it without end.
        if (_resolved.Count < MaxCachedKeys)
        {
            _resolved.TryAdd(key, steps);
        }

        return steps;
    }
}
