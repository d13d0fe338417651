using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk;

/// <summary>Data operations; each call runs its own pipeline at the caller's depth + 1, inside the caller's transaction.</summary>
public interface IOrganizationService
{
    /// <summary>Creates a record and returns its id.</summary>
    Guid Create(Entity entity);

    /// <summary>Retrieves one record with the given columns; fails when it does not exist.</summary>
    Entity Retrieve(string entityName, Guid id, ColumnSet columnSet);

    /// <summary>Updates the attributes present in <paramref name="entity"/> on the record with its id.</summary>
    void Update(Entity entity);

    /// <summary>Deletes a record.</summary>
    void Delete(string entityName, Guid id);

    /// <summary>Retrieves the records that match a <see cref="QueryByAttribute"/> or <see cref="QueryExpression"/>.</summary>
    EntityCollection RetrieveMultiple(QueryBase query);

    /// <summary>Runs any message, including custom ones, and returns its typed response (such as a CreateResponse).</summary>
    OrganizationResponse Execute(OrganizationRequest request);

    /// <summary>Links a record to others through a many-to-many relationship; a link that already exists is an error.</summary>
    void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);

    /// <summary>Removes links of a record to others made through a many-to-many relationship.</summary>
    void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);
}
