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

    /// <summary>Runs any message, including custom ones, and returns its output parameters.</summary>
    OrganizationResponse Execute(OrganizationRequest request);
}
