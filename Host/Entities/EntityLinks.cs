using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Xrm.Sdk;

namespace PluginHost.Host.Entities;

/// <summary>
/// The many-to-many links that Associate makes, by relationship schema name. A link has no direction: its two ends are
/// stored in a fixed order, so associating A with B and then B with A is the same link twice.
/// </summary>
internal sealed class EntityLinks
{
    /// <summary>Adds the link; false when it already exists.</summary>
    public bool Add(DbConnection connection, DbTransaction transaction, string relationship, EntityReference one, EntityReference other)
    {
        var (first, second) = Order(one, other);
        return connection.Execute(
            """
            INSERT INTO entity_links (relationship, entity1, id1, entity2, id2, created_on)
            VALUES (@relationship, @entity1, @id1, @entity2, @id2, @now)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                relationship,
                entity1 = first.LogicalName,
                id1 = first.Id.ToString(),
                entity2 = second.LogicalName,
                id2 = second.Id.ToString(),
                now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            },
            transaction) > 0;
    }

    /// <summary>Removes the link; false when there was none.</summary>
    public bool Remove(DbConnection connection, DbTransaction transaction, string relationship, EntityReference one, EntityReference other)
    {
        var (first, second) = Order(one, other);
        return connection.Execute(
            "DELETE FROM entity_links WHERE relationship = @relationship AND entity1 = @entity1 AND id1 = @id1 AND entity2 = @entity2 AND id2 = @id2",
            new { relationship, entity1 = first.LogicalName, id1 = first.Id.ToString(), entity2 = second.LogicalName, id2 = second.Id.ToString() },
            transaction) > 0;
    }

    /// <summary>The records linked to <paramref name="record"/> through <paramref name="relationship"/>.</summary>
    public IReadOnlyList<EntityReference> Linked(DbConnection connection, DbTransaction? transaction, string relationship, EntityReference record) =>
        connection.Query<(string Entity, string Id)>(
            """
            SELECT entity2, id2 FROM entity_links WHERE relationship = @relationship AND entity1 = @entity AND id1 = @id
            UNION ALL
            SELECT entity1, id1 FROM entity_links WHERE relationship = @relationship AND entity2 = @entity AND id2 = @id
            """,
            new { relationship, entity = record.LogicalName, id = record.Id.ToString() },
            transaction)
            .Select(row => new EntityReference(row.Entity, Guid.Parse(row.Id)))
            .ToList();

    /// <summary>Removes every link of a deleted record.</summary>
    public void RemoveAll(DbConnection connection, DbTransaction transaction, string logicalName, Guid id) =>
        connection.Execute(
            "DELETE FROM entity_links WHERE (entity1 = @logicalName AND id1 = @id) OR (entity2 = @logicalName AND id2 = @id)",
            new { logicalName, id = id.ToString() },
            transaction);

    private static (EntityReference First, EntityReference Second) Order(EntityReference one, EntityReference other)
    {
        var order = string.CompareOrdinal(one.LogicalName, other.LogicalName);
        return order < 0 || (order == 0 && one.Id.CompareTo(other.Id) <= 0) ? (one, other) : (other, one);
    }
}
