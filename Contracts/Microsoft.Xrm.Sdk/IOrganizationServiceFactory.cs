namespace Microsoft.Xrm.Sdk;

/// <summary>Creates organization services for calls a plug-in makes back into the pipeline.</summary>
public interface IOrganizationServiceFactory
{
    /// <summary>Creates a service acting as the system user (null), the context's user (<see cref="Guid.Empty"/>) or the given user.</summary>
    IOrganizationService CreateOrganizationService(Guid? userId);
}
