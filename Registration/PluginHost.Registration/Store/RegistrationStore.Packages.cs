using System.Data;
using Dapper;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Registration.Store;

/// <summary>What the store keeps of an inspected package: its identity, the .nupkg's SHA-256 and the assemblies to store.</summary>
public sealed record PackageContent(string Name, string Version, string Sha256, IReadOnlyList<PackagedAssembly> Assemblies);

/// <summary>One assembly of a package, with the file name it has in the package's lib folder.</summary>
public sealed record PackagedAssembly(AssemblyContent Content, string FileName);

public sealed partial class RegistrationStore
{
    private const string PackageColumns =
        "id AS Id, name AS Name, version AS Version, sha256 AS Sha256, isolation AS Isolation, description AS Description, " +
        "registered_on AS RegisteredOn, modified_on AS ModifiedOn";

    /// <summary>All packages with their assemblies, by name.</summary>
    public IReadOnlyList<PackageRecord> ListPackages() => Read(connection => ReadPackages(connection, null, null));

    /// <summary>The package with this id or name.</summary>
    public PackageRecord FindPackage(string idOrName) => Read(connection => FindPackage(connection, null, idOrName));

    /// <summary>Stores a new package, its assemblies and their plug-in types, all or nothing.</summary>
    public PackageRecord AddPackage(PackageContent content, IsolationMode isolation, string? description) =>
        Write((connection, transaction) =>
        {
            ValidatePackageContent(content);
            var clash = connection.QuerySingleOrDefault<(string Id, string Name, string Version)?>(
                "SELECT id, name, version FROM packages WHERE lower(name) = lower(@Name)", content, transaction);
            if (clash is { } existing)
            {
                throw new RegistrationException(
                    $"package {existing.Name} {existing.Version} is already registered (id {existing.Id}): use 'pluginreg package update {existing.Name} <file.nupkg>' to replace its content");
            }

            var id = Guid.NewGuid();
            var now = Now();
            connection.Execute(
                """
                INSERT INTO packages (id, name, version, sha256, isolation, description, registered_on, modified_on)
                VALUES (@id, @Name, @Version, @Sha256, @isolation, @description, @now, @now)
                """,
                new { id = id.ToString(), content.Name, content.Version, content.Sha256, isolation = (int)isolation, description, now },
                transaction);
            foreach (var assembly in content.Assemblies)
            {
                var assemblyId = InsertPackagedAssembly(connection, transaction, id, assembly, isolation, now);
                InsertTypes(connection, transaction, assemblyId, assembly.Content.PluginTypes);
            }

            return ReadPackages(connection, transaction, id).Single();
        });

    /// <summary>
    /// Replaces a package's content. Assemblies are matched by name (kept ones keep their id); plug-in types by full
    /// name, whichever assembly of the package now holds them, so their steps stay. Refused if a type that has steps is
    /// missing from the new content.
    /// </summary>
    public PackageRecord UpdatePackage(string idOrName, PackageContent content, IsolationMode? isolation = null) =>
        Write((connection, transaction) =>
        {
            ValidatePackageContent(content);
            var existing = FindPackage(connection, transaction, idOrName);
            if (!string.Equals(existing.Name, content.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new RegistrationException(
                    $"the new file is package '{content.Name}', not '{existing.Name}': register it as a new package instead");
            }

            var oldTypes = existing.Assemblies.SelectMany(assembly => assembly.Types).ToDictionary(type => type.TypeName, StringComparer.Ordinal);
            var newTypes = content.Assemblies.SelectMany(assembly => assembly.Content.PluginTypes).ToHashSet(StringComparer.Ordinal);
            var dropped = oldTypes.Values.Where(type => !newTypes.Contains(type.TypeName)).ToList();
            var droppedWithSteps = dropped
                .Select(type => (type.TypeName, Steps: connection.ExecuteScalar<int>(
                    "SELECT COUNT(*) FROM steps WHERE plugin_type_id = @id", new { id = type.Id.ToString() }, transaction)))
                .Where(type => type.Steps > 0)
                .Select(type => $"plug-in type {type.TypeName} has {type.Steps} step(s) but is not in the new content of package {existing.Name}: unregister those steps first")
                .ToList();
            if (droppedWithSteps.Count > 0)
            {
                throw new RegistrationException(droppedWithSteps);
            }

            var now = Now();
            var effectiveIsolation = isolation ?? existing.Isolation;
            connection.Execute(
                "UPDATE packages SET version = @Version, sha256 = @Sha256, isolation = @isolation, modified_on = @now WHERE id = @id",
                new { content.Version, content.Sha256, isolation = (int)effectiveIsolation, now, id = existing.Id.ToString() },
                transaction);
            connection.Execute("DELETE FROM plugin_types WHERE id = @id", dropped.Select(type => new { id = type.Id.ToString() }), transaction);

            var oldAssemblies = existing.Assemblies.ToDictionary(assembly => assembly.Name, StringComparer.Ordinal);
            var keptAssemblies = new HashSet<Guid>();
            foreach (var assembly in content.Assemblies)
            {
                Guid assemblyId;
                if (oldAssemblies.TryGetValue(assembly.Content.Name, out var old))
                {
                    assemblyId = old.Id;
                    connection.Execute(
                        """
                        UPDATE assemblies SET version = @Version, culture = @Culture, public_key_token = @PublicKeyToken, sha256 = @Sha256,
                            content = @Content, isolation = @isolation, file_name = @fileName, modified_on = @now
                        WHERE id = @id
                        """,
                        new
                        {
                            assembly.Content.Version, assembly.Content.Culture, assembly.Content.PublicKeyToken, assembly.Content.Sha256,
                            assembly.Content.Content, isolation = (int)effectiveIsolation, fileName = assembly.FileName, now, id = old.Id.ToString(),
                        },
                        transaction);
                }
                else
                {
                    assemblyId = InsertPackagedAssembly(connection, transaction, existing.Id, assembly, effectiveIsolation, now);
                }

                keptAssemblies.Add(assemblyId);

                // A type keeps its id (and so its steps) when it moves to another assembly of the package.
                foreach (var typeName in assembly.Content.PluginTypes.Where(oldTypes.ContainsKey))
                {
                    connection.Execute(
                        "UPDATE plugin_types SET assembly_id = @assemblyId WHERE id = @id",
                        new { assemblyId = assemblyId.ToString(), id = oldTypes[typeName].Id.ToString() },
                        transaction);
                }

                InsertTypes(connection, transaction, assemblyId, assembly.Content.PluginTypes.Where(type => !oldTypes.ContainsKey(type)).ToList());
            }

            connection.Execute(
                "DELETE FROM assemblies WHERE id = @id",
                existing.Assemblies.Where(assembly => !keptAssemblies.Contains(assembly.Id)).Select(assembly => new { id = assembly.Id.ToString() }),
                transaction);
            return ReadPackages(connection, transaction, existing.Id).Single();
        });

    /// <summary>
    /// Removes a package with its assemblies. Refused while its plug-in types have steps unless <paramref name="force"/>,
    /// which removes those steps and their images too. Returns the removed package and the number of steps removed.
    /// </summary>
    public (PackageRecord Package, int RemovedSteps) RemovePackage(string idOrName, bool force) =>
        Write((connection, transaction) =>
        {
            var existing = FindPackage(connection, transaction, idOrName);
            const string TypesOfPackage =
                "SELECT t.id FROM plugin_types t JOIN assemblies a ON a.id = t.assembly_id WHERE a.package_id = @id";
            var id = new { id = existing.Id.ToString() };
            var steps = connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM steps WHERE plugin_type_id IN ({TypesOfPackage})", id, transaction);
            if (steps > 0 && !force)
            {
                throw new RegistrationException(
                    $"package {existing.Name} {existing.Version} has {steps} step(s): unregister them first, or use --force to remove them with it");
            }

            connection.Execute($"DELETE FROM steps WHERE plugin_type_id IN ({TypesOfPackage})", id, transaction);

            // Its assemblies and their plug-in types go with it (ON DELETE CASCADE).
            connection.Execute("DELETE FROM packages WHERE id = @id", id, transaction);
            return (existing, steps);
        });

    /// <summary>Refuses content that <see cref="ContentProblems"/> finds fault with.</summary>
    private static void ValidatePackageContent(PackageContent content)
    {
        if (ContentProblems(content) is { Count: > 0 } problems)
        {
            throw new RegistrationException(problems);
        }
    }

    /// <summary>
    /// Why a package's content cannot be stored as it is: no assembly, one assembly name twice, or one plug-in type in
    /// two assemblies (a step could not say which it means). The registrar asks before it stores; the store checks again.
    /// </summary>
    internal static List<string> ContentProblems(PackageContent content)
    {
        var problems = new List<string>();
        if (content.Assemblies.Count == 0)
        {
            problems.Add($"package {content.Name} {content.Version} has no assembly to store");
        }

        problems.AddRange(content.Assemblies
            .GroupBy(assembly => assembly.Content.Name, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => $"package {content.Name} holds assembly {group.Key} {group.Count()} times ({string.Join(", ", group.Select(assembly => assembly.FileName))}): a package holds each assembly once"));
        problems.AddRange(content.Assemblies
            .SelectMany(assembly => assembly.Content.PluginTypes.Select(type => (Type: type, assembly.FileName)))
            .GroupBy(pair => pair.Type, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => $"plug-in type {group.Key} is defined in {string.Join(" and ", group.Select(pair => pair.FileName))} of package {content.Name}: a step could not say which one it means"));
        return problems;
    }

    private static Guid InsertPackagedAssembly(
        IDbConnection connection, IDbTransaction transaction, Guid packageId, PackagedAssembly assembly, IsolationMode isolation, string now)
    {
        var id = Guid.NewGuid();
        var content = assembly.Content;
        connection.Execute(
            """
            INSERT INTO assemblies (id, name, version, culture, public_key_token, sha256, content, isolation, description, registered_on, modified_on, package_id, file_name)
            VALUES (@id, @Name, @Version, @Culture, @PublicKeyToken, @Sha256, @Content, @isolation, NULL, @now, @now, @packageId, @fileName)
            """,
            new
            {
                id = id.ToString(), content.Name, content.Version, content.Culture, content.PublicKeyToken, content.Sha256, content.Content,
                isolation = (int)isolation, now, packageId = packageId.ToString(), fileName = assembly.FileName,
            },
            transaction);
        return id;
    }

    private static PackageRecord FindPackage(IDbConnection connection, IDbTransaction? transaction, string idOrName)
    {
        var byId = Guid.TryParse(idOrName, out var id) ? ReadPackages(connection, transaction, id) : [];
        var byName = byId.Count == 1 ? [] : ReadPackages(connection, transaction, null, idOrName);
        return FindOne(byId, byName, "package", idOrName, package => $"{package.Version} id {package.Id}");
    }

    private static List<PackageRecord> ReadPackages(IDbConnection connection, IDbTransaction? transaction, Guid? id, string? name = null)
    {
        var rows = connection.Query<PackageRow>(
            $"SELECT {PackageColumns} FROM packages WHERE (@id IS NULL OR id = @id) AND (@name IS NULL OR lower(name) = lower(@name)) ORDER BY lower(name)",
            new { id = id?.ToString(), name },
            transaction).ToList();
        var assemblies = (rows.Count == 1
                ? ReadAssemblies(connection, transaction, null, null, Guid.Parse(rows[0].Id))
                : ReadAssemblies(connection, transaction, null).Where(assembly => assembly.PackageId is not null).ToList())
            .ToLookup(assembly => assembly.PackageId!.Value);
        return rows.Select(row => new PackageRecord(
                Guid.Parse(row.Id), row.Name, row.Version, row.Sha256, (IsolationMode)row.Isolation, row.Description,
                ParseTime(row.RegisteredOn), ParseTime(row.ModifiedOn), assemblies[Guid.Parse(row.Id)].ToList()))
            .ToList();
    }

    private sealed class PackageRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Version { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public long Isolation { get; set; }
        public string? Description { get; set; }
        public string RegisteredOn { get; set; } = "";
        public string ModifiedOn { get; set; } = "";
    }
}
