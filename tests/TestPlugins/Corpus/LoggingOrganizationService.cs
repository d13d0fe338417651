using System;
using System.Diagnostics;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Corpus.Plugins.Infrastructure
{
    /// <summary>A decorator over IOrganizationService that traces every call and its duration.</summary>
    public class LoggingOrganizationService : IOrganizationService
    {
        private readonly IOrganizationService inner;
        private readonly ITracingService tracer;

        public LoggingOrganizationService(IOrganizationService inner, ITracingService tracer)
        {
            this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
            this.tracer = tracer;
        }

        public Guid Create(Entity entity)
        {
            return Measure("Create " + entity.LogicalName, () => inner.Create(entity));
        }

        public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet)
        {
            return Measure("Retrieve " + entityName, () => inner.Retrieve(entityName, id, columnSet));
        }

        public void Update(Entity entity)
        {
            Measure("Update " + entity.LogicalName, () => { inner.Update(entity); return true; });
        }

        public void Delete(string entityName, Guid id)
        {
            Measure("Delete " + entityName, () => { inner.Delete(entityName, id); return true; });
        }

        public OrganizationResponse Execute(OrganizationRequest request)
        {
            return Measure("Execute " + request.RequestName, () => inner.Execute(request));
        }

        public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities)
        {
            Measure("Associate " + relationship.SchemaName, () => { inner.Associate(entityName, entityId, relationship, relatedEntities); return true; });
        }

        public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities)
        {
            Measure("Disassociate " + relationship.SchemaName, () => { inner.Disassociate(entityName, entityId, relationship, relatedEntities); return true; });
        }

        public EntityCollection RetrieveMultiple(QueryBase query)
        {
            string name = query is QueryExpression ? ((QueryExpression)query).EntityName : query is QueryByAttribute ? ((QueryByAttribute)query).EntityName : "fetch";
            return Measure("RetrieveMultiple " + name, () => inner.RetrieveMultiple(query));
        }

        private T Measure<T>(string operation, Func<T> action)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                return action();
            }
            finally
            {
                watch.Stop();
                if (tracer != null)
                {
                    tracer.Trace("{0} took {1} ms", operation, watch.ElapsedMilliseconds);
                }
            }
        }
    }

    public class TracingServiceProvider : IServiceProvider
    {
        private readonly IServiceProvider inner;

        public TracingServiceProvider(IServiceProvider inner)
        {
            this.inner = inner;
        }

        public object GetService(Type serviceType)
        {
            if (serviceType == typeof(IOrganizationService))
            {
                var context = (IPluginExecutionContext)inner.GetService(typeof(IPluginExecutionContext));
                var factory = (IOrganizationServiceFactory)inner.GetService(typeof(IOrganizationServiceFactory));
                return new LoggingOrganizationService(factory.CreateOrganizationService(context.UserId), (ITracingService)inner.GetService(typeof(ITracingService)));
            }

            return inner.GetService(serviceType);
        }
    }

    public class NullTracingService : ITracingService
    {
        public void Trace(string format, params object[] args)
        {
            Debug.WriteLine(args == null || args.Length == 0 ? format : string.Format(format, args));
        }
    }
}
