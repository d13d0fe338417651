using System.Data;
using Dapper;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Registration.Store;

/// <summary>What the store keeps of an inspected assembly.</summary>
public sealed record AssemblyContent(
    string Name,
    string Version,
    string Culture,
    string? PublicKeyToken,
    string Sha256,
    byte[] Content,
    IReadOnlyList<string> PluginTypes);

public sealed partial class RegistrationStore
{
    private const string AssemblyColumns =
        "a.id AS Id, a.name AS Name, a.version AS Version, a.culture AS Culture, a.public_key_token AS PublicKeyToken, a.sha256 AS Sha256, " +
        "a.isolation AS Isolation, a.description AS Description, a.registered_on AS RegisteredOn, a.modified_on AS ModifiedOn, " +
        "a.package_id AS PackageId, p.name AS PackageName, a.file_name AS FileName";

    /// <summary>All assemblies, package members included, with their plug-in types, by name then version.</summary>
    public IReadOnlyList<AssemblyRecord> ListAssemblies() => Read(connection => ReadAssemblies(connection, null, null));

    /// <summary>The assembly with this id, or the one assembly with this name.</summary>
    public AssemblyRecord FindAssembly(string idOrName) => Read(connection => FindAssembly(connection, null, idOrName));

    /// <summary>The stored bytes of an assembly, a package member's too.</summary>
    public byte[] ReadAssemblyContent(Guid assemblyId) => Read(connection =>
        connection.QuerySingleOrDefault<byte[]>("SELECT content FROM assemblies WHERE id = @id", new { id = assemblyId.ToString() })
        ?? throw new RegistrationException($"no assembly has the id '{assemblyId}'"));

    /// <summary>Stores a new assembly and its plug-in types.</summary>
    public AssemblyRecord AddAssembly(AssemblyContent content, IsolationMode isolation, string? description) =>
        Write((connection, transaction) =>
        {
            var clash = connection.ExecuteScalar<string?>(
                "SELECT id FROM assemblies WHERE name = @Name AND version = @Version AND package_id IS NULL", content, transaction);
            if (clash is not null)
            {
                throw new RegistrationException(
                    $"assembly {content.Name} {content.Version} is already registered (id {clash}): use 'pluginreg assembly update {content.Name} <dll>' to replace its content");
            }

            var id = Guid.NewGuid();
            var now = Now();
            connection.Execute(
                """
                INSERT INTO assemblies (id, name, version, culture, public_key_token, sha256, content, isolation, description, registered_on, modified_on, package_id, file_name)
                VALUES (@id, @Name, @Version, @Culture, @PublicKeyToken, @Sha256, @Content, @isolation, @description, @now, @now, NULL, @fileName)
                """,
                new
                {
                    id = id.ToString(), content.Name, content.Version, content.Culture, content.PublicKeyToken, content.Sha256, content.Content,
                    isolation = (int)isolation, description, now, fileName = $"{content.Name}.dll",
                },
                transaction);
            InsertTypes(connection, transaction, id, content.PluginTypes);
            return ReadAssemblies(connection, transaction, id).Single();
        });

    /// <summary>
    /// Replaces an assembly's content. Steps stay on their types; the update is refused if a type that has steps
    /// is missing from the new content. Types without steps that disappeared are removed; new ones are added.
    /// </summary>
    public AssemblyRecord UpdateAssembly(string idOrName, AssemblyContent content, IsolationMode? isolation = null) =>
        Write((connection, transaction) =>
        {
            var existing = FindAssembly(connection, transaction, idOrName);
            RefusePackageMember(existing, $"package update {existing.PackageName} <file.nupkg>", "updated");
            if (!string.Equals(existing.Name, content.Name, StringComparison.Ordinal))
            {
                throw new RegistrationException(
                    $"the new file is assembly '{content.Name}', not '{existing.Name}': register it as a new assembly instead");
            }

            var clash = connection.ExecuteScalar<string?>(
                "SELECT id FROM assemblies WHERE name = @Name AND version = @Version AND id <> @id AND package_id IS NULL",
                new { content.Name, content.Version, id = existing.Id.ToString() },
                transaction);
            if (clash is not null)
            {
                throw new RegistrationException($"assembly {content.Name} {content.Version} is already registered as another assembly (id {clash})");
            }

            var kept = content.PluginTypes.ToHashSet(StringComparer.Ordinal);
            var dropped = existing.Types.Where(type => !kept.Contains(type.TypeName)).ToList();
            var droppedWithSteps = dropped
                .Select(type => (type.TypeName, Steps: connection.ExecuteScalar<int>(
                    "SELECT COUNT(*) FROM steps WHERE plugin_type_id = @id", new { id = type.Id.ToString() }, transaction)))
                .Where(type => type.Steps > 0)
                .Select(type => $"plug-in type {type.TypeName} has {type.Steps} step(s) but is not in the new content of {content.Name}: unregister those steps first")
                .ToList();
            if (droppedWithSteps.Count > 0)
            {
                throw new RegistrationException(droppedWithSteps);
            }

            connection.Execute(
                """
                UPDATE assemblies SET version = @Version, culture = @Culture, public_key_token = @PublicKeyToken, sha256 = @Sha256,
                    content = @Content, isolation = COALESCE(@isolation, isolation), modified_on = @now
                WHERE id = @id
                """,
                new { content.Version, content.Culture, content.PublicKeyToken, content.Sha256, content.Content, isolation = (int?)isolation, now = Now(), id = existing.Id.ToString() },
                transaction);
            connection.Execute("DELETE FROM plugin_types WHERE id = @id", dropped.Select(type => new { id = type.Id.ToString() }), transaction);
            var known = existing.Types.Select(type => type.TypeName).ToHashSet(StringComparer.Ordinal);
            InsertTypes(connection, transaction, existing.Id, content.PluginTypes.Where(type => !known.Contains(type)).ToList());
            return ReadAssemblies(connection, transaction, existing.Id).Single();
        });

    /// <summary>
    /// Removes an assembly. Refused while it has steps unless <paramref name="force"/>, which removes its steps and
    /// their images too. Returns the removed assembly and the number of steps removed with it.
    /// </summary>
    public (AssemblyRecord Assembly, int RemovedSteps) RemoveAssembly(string idOrName, bool force) =>
        Write((connection, transaction) =>
        {
            var existing = FindAssembly(connection, transaction, idOrName);
            RefusePackageMember(existing, $"package unregister {existing.PackageName}", "unregistered");
            const string TypesOfAssembly = "SELECT id FROM plugin_types WHERE assembly_id = @id";
            var id = new { id = existing.Id.ToString() };
            var steps = connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM steps WHERE plugin_type_id IN ({TypesOfAssembly})", id, transaction);
            if (steps > 0 && !force)
            {
                throw new RegistrationException(
                    $"assembly {existing.Name} {existing.Version} has {steps} step(s): unregister them first, or use --force to remove them with it");
            }

            connection.Execute($"DELETE FROM steps WHERE plugin_type_id IN ({TypesOfAssembly})", id, transaction);
            connection.Execute("DELETE FROM assemblies WHERE id = @id", id, transaction);
            return (existing, steps);
        });

    /// <summary>A package's files change together: one alone is never replaced or removed.</summary>
    private static void RefusePackageMember(AssemblyRecord assembly, string command, string verb)
    {
        if (assembly.PackageId is not null)
        {
            throw new RegistrationException(
                $"assembly {assembly.Name} {assembly.Version} is part of package {assembly.PackageName} and cannot be {verb} on its own: use 'pluginreg {command}'");
        }
    }

    private static void InsertTypes(IDbConnection connection, IDbTransaction transaction, Guid assemblyId, IReadOnlyList<string> typeNames) =>
        connection.Execute(
            "INSERT INTO plugin_types (id, assembly_id, type_name) VALUES (@id, @assemblyId, @typeName)",
            typeNames.Select(typeName => new { id = Guid.NewGuid().ToString(), assemblyId = assemblyId.ToString(), typeName }),
            transaction);

    private static AssemblyRecord FindAssembly(IDbConnection connection, IDbTransaction? transaction, string idOrName)
    {
        var byId = Guid.TryParse(idOrName, out var id) ? ReadAssemblies(connection, transaction, id) : [];
        var byName = byId.Count == 1 ? [] : ReadAssemblies(connection, transaction, null, idOrName);
        return FindOne(byId, byName, "assembly", idOrName, assembly =>
            assembly.PackageName is null ? $"{assembly.Version} id {assembly.Id}" : $"{assembly.Version} in package {assembly.PackageName} id {assembly.Id}");
    }

    private static List<AssemblyRecord> ReadAssemblies(IDbConnection connection, IDbTransaction? transaction, Guid? id, string? name = null, Guid? packageId = null)
    {
        var rows = connection.Query<AssemblyRow>(
            $"""
            SELECT {AssemblyColumns} FROM assemblies a LEFT JOIN packages p ON p.id = a.package_id
            WHERE (@id IS NULL OR a.id = @id) AND (@name IS NULL OR a.name = @name) AND (@packageId IS NULL OR a.package_id = @packageId)
            ORDER BY a.name, a.version, lower(p.name)
            """,
            new { id = id?.ToString(), name, packageId = packageId?.ToString() },
            transaction).ToList();
        var types = connection.Query<(string Id, string AssemblyId, string TypeName)>(
                """
                SELECT t.id, t.assembly_id, t.type_name FROM plugin_types t JOIN assemblies a ON a.id = t.assembly_id
                WHERE (@id IS NULL OR t.assembly_id = @id) AND (@packageId IS NULL OR a.package_id = @packageId)
                ORDER BY t.type_name
                """,
                new { id = id?.ToString(), packageId = packageId?.ToString() },
                transaction)
            .Select(type => new PluginTypeRecord(Guid.Parse(type.Id), Guid.Parse(type.AssemblyId), type.TypeName))
            .ToLookup(type => type.AssemblyId);
        return rows.Select(row => new AssemblyRecord(
                Guid.Parse(row.Id), row.Name, row.Version, row.Culture, row.PublicKeyToken, row.Sha256, (IsolationMode)row.Isolation,
                row.Description, ParseTime(row.RegisteredOn), ParseTime(row.ModifiedOn), types[Guid.Parse(row.Id)].ToList(),
                row.PackageId is null ? null : Guid.Parse(row.PackageId), row.PackageName, row.FileName))
            .ToList();
    }

    private sealed class AssemblyRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Version { get; set; } = "";
        public string Culture { get; set; } = "";
        public string? PublicKeyToken { get; set; }
        public string Sha256 { get; set; } = "";
        public long Isolation { get; set; }
        public string? Description { get; set; }
        public string RegisteredOn { get; set; } = "";
        public string ModifiedOn { get; set; } = "";
        public string? PackageId { get; set; }
        public string? PackageName { get; set; }
        public string FileName { get; set; } = "";
    }
}
