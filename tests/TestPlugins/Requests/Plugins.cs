using System.ServiceModel;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Requests;

/// <summary>
/// PreValidation of Create (outside the transaction, so a caught failure dooms nothing): tries calls that fail and
/// writes what each standard catch saw onto the Target, which is what gets stored.
/// </summary>
public sealed class FaultCatcher : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var service = factory.CreateOrganizationService(context.UserId);
        var target = (Entity)context.InputParameters["Target"]!;

        try
        {
            service.Retrieve("nosuchthing", Guid.NewGuid(), new ColumnSet(true));
            target["missing_code"] = 0;
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            target["missing_code"] = ex.Detail.ErrorCode;
            target["missing_message"] = ex.Detail.Message;
            target["missing_exmessage"] = ex.Message;
            target["missing_hostcode"] = ex.Detail.ErrorDetails["PluginHost.ErrorCode"] as string;
        }

        target["unknown_message"] = Fail(() => service.Execute(new OrganizationRequest("acme_NoSuchMessage")));
        target["sendemail_message"] = Fail(() => service.Execute(new SendEmailRequest { EmailId = Guid.NewGuid(), IssueSend = true, TrackingToken = "" }));

        // Two records linked twice (the second time from the other end) is one link: the second is a duplicate.
        var first = service.Create(new Entity("reqcontact") { ["fullname"] = "first" });
        var second = service.Create(new Entity("reqcontact") { ["fullname"] = "second" });
        service.Associate("reqcontact", first, new Relationship("reqcontact_friends"), new EntityReferenceCollection { new("reqcontact", second) });
        try
        {
            service.Associate("reqcontact", second, new Relationship("reqcontact_friends"), new EntityReferenceCollection { new("reqcontact", first) });
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            target["duplicate_code"] = ex.Detail.ErrorCode;
        }

        try
        {
            service.Associate("reqcontact", first, new Relationship("reqcontact_friends"), new EntityReferenceCollection { new("reqcontact", Guid.NewGuid()) });
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            target["unlinked_code"] = ex.Detail.ErrorCode;
        }
    }

    private static string Fail(Action call)
    {
        try
        {
            call();
            return "no fault";
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            return $"{ex.Detail.ErrorCode}|{ex.Detail.ErrorDetails["PluginHost.ErrorCode"]}|{ex.Message}";
        }
    }
}

/// <summary>
/// PostOperation of Create of an account-like entity: creates two contacts (entity named by the configuration) with
/// typed CreateRequests and associates them with the new record, then disassociates the second.
/// </summary>
public sealed class ContactLinker(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        var contactEntity = unsecureConfig ?? "contact";
        var contacts = new EntityReferenceCollection();
        foreach (var name in new[] { "Ada", "Grace", "Linus" })
        {
            var created = (CreateResponse)service.Execute(new CreateRequest { Target = new Entity(contactEntity) { ["fullname"] = name } });
            contacts.Add(new EntityReference(contactEntity, created.id));
        }

        var relationship = new Relationship("account_contacts");
        service.Associate(context.PrimaryEntityName, context.PrimaryEntityId, relationship, contacts);
        service.Execute(new DisassociateRequest
        {
            Target = new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId),
            Relationship = relationship,
            RelatedEntities = new EntityReferenceCollection { contacts[2] },
        });
    }
}

/// <summary>A step on Associate: records the relationship and related records it saw as a record of the configured entity.</summary>
public sealed class AssociateWitness(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        var relationship = (Relationship)context.InputParameters["Relationship"]!;
        var related = (EntityReferenceCollection)context.InputParameters["RelatedEntities"]!;
        service.Create(new Entity(unsecureConfig ?? "witness")
        {
            ["message"] = context.MessageName,
            ["relationship"] = relationship.SchemaName,
            ["related"] = related.Count,
            ["target"] = (EntityReference)context.InputParameters["Target"]!,
            ["depth"] = context.Depth,
        });
    }
}

/// <summary>
/// PostOperation of Create: runs typed WhoAmI, Assign, SetState, Upsert (twice) and two ExecuteMultiple batches as a
/// fixed user, and writes what the typed responses said onto the new record.
/// </summary>
public sealed class TypedRequests(string? unsecureConfig) : IPlugin
{
    public static readonly Guid Caller = new("6a1c3a2e-0c8f-4f7e-9d35-2b1f0e4c7a11");
    public static readonly Guid Owner = new("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60");
    public static readonly Guid UpsertedId = new("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98");

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(Caller);
        var record = new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId);
        var other = unsecureConfig ?? "upserted";

        var who = (WhoAmIResponse)service.Execute(new WhoAmIRequest());
        service.Execute(new AssignRequest { Target = record, Assignee = new EntityReference("systemuser", Owner) });
        _ = (SetStateResponse)service.Execute(new SetStateRequest { EntityMoniker = record, State = new OptionSetValue(1), Status = new OptionSetValue(2) });
        var created = (UpsertResponse)service.Execute(new UpsertRequest { Target = new Entity(other, UpsertedId) { ["round"] = 1 } });
        var updated = (UpsertResponse)service.Execute(new UpsertRequest { Target = new Entity(other, UpsertedId) { ["round"] = 2 } });
        var retrieved = (RetrieveResponse)service.Execute(new RetrieveRequest { Target = new EntityReference(other, UpsertedId), ColumnSet = new ColumnSet("round") });

        var batch = new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true },
            Requests = new OrganizationRequestCollection
            {
                new CreateRequest { Target = new Entity(other) { ["round"] = 10 } },
                new RetrieveRequest { Target = new EntityReference(other, Guid.NewGuid()), ColumnSet = new ColumnSet(true) },
                new CreateRequest { Target = new Entity(other) { ["round"] = 11 } },
            },
        };
        var continued = (ExecuteMultipleResponse)service.Execute(batch);
        var stopped = (ExecuteMultipleResponse)service.Execute(new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = false, ReturnResponses = false },
            Requests = new OrganizationRequestCollection
            {
                new DeleteRequest { Target = new EntityReference(other, Guid.NewGuid()) },
                new CreateRequest { Target = new Entity(other) { ["round"] = 12 } },
            },
        });
        var fault = continued.Responses.Single(item => item.Fault is not null);
        var transaction = (ExecuteTransactionResponse)service.Execute(new ExecuteTransactionRequest
        {
            ReturnResponses = true,
            Requests = new OrganizationRequestCollection
            {
                new CreateRequest { Target = new Entity(other) { ["round"] = 20 } },
                new CreateRequest { Target = new Entity(other) { ["round"] = 21 } },
            },
        });

        service.Update(new Entity(context.PrimaryEntityName, context.PrimaryEntityId)
        {
            ["whoami"] = who.UserId.ToString(),
            ["organization"] = who.OrganizationId.ToString(),
            ["context_organization"] = context.OrganizationId.ToString(),
            ["upsert_first"] = created.RecordCreated,
            ["upsert_second"] = updated.RecordCreated,
            ["upsert_target"] = updated.Target,
            ["retrieved_round"] = retrieved.Entity.GetAttributeValue<int>("round"),
            ["multi_faulted"] = continued.IsFaulted,
            ["multi_items"] = continued.Responses.Count,
            ["multi_created"] = continued.Responses.Count(item => item.Response is CreateResponse),
            ["multi_fault_index"] = fault.RequestIndex,
            ["multi_fault_code"] = fault.Fault!.ErrorCode,
            ["stopped_items"] = stopped.Responses.Count,
            ["stopped_faulted"] = stopped.IsFaulted,
            ["transaction_created"] = transaction.Responses.Count(item => item is CreateResponse),
        });
    }
}

/// <summary>
/// PostOperation: catches the fault of a Retrieve of a missing record and carries on. Inside the transaction that does
/// not save the operation: the failed call doomed it, as in Dataverse.
/// </summary>
public sealed class FaultSwallower : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        try
        {
            service.Retrieve("nosuchthing", Guid.NewGuid(), new ColumnSet(true));
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            ((ITracingService)serviceProvider.GetService(typeof(ITracingService))!).Trace("swallowed {0}", ex.Detail.ErrorCode);
        }
    }
}

/// <summary>PreOperation: throws a fault of its own that claims to be a sandbox crash; the host must not believe it.</summary>
public sealed class FaultForger : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var fault = new OrganizationServiceFault { ErrorCode = -2147220970, Message = "forged: the sandbox crashed" };
        fault.ErrorDetails["PluginHost.ErrorCode"] = "SandboxCrashed";
        throw new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));
    }
}

/// <summary>PreOperation of Create: creates another record of the same entity through ExecuteMultiple with ContinueOnError, a loop.</summary>
public sealed class BatchLooper : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        service.Execute(new ExecuteMultipleRequest
        {
            Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true },
            Requests = new OrganizationRequestCollection { new CreateRequest { Target = new Entity(context.PrimaryEntityName) { ["name"] = "again" } } },
        });
    }
}

/// <summary>PreValidation of Create: upserts a record named by alternate key and writes what the standard catch saw onto the Target.</summary>
public sealed class KeyedUpsert(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(null);
        var target = (Entity)context.InputParameters["Target"]!;
        try
        {
            service.Execute(new UpsertRequest { Target = new Entity(unsecureConfig!, "accountnumber", "A-1") { ["name"] = "keyed" } });
            target["keyed"] = "accepted";
        }
        catch (FaultException<OrganizationServiceFault> ex)
        {
            target["keyed"] = ex.Detail.Message;
        }
    }
}
