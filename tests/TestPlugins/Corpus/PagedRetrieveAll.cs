using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Adventure.Dynamics.Plugins.Helpers
{
    public static class QueryHelper
    {
        /// <summary>Retrieves all records for a query, page by page.</summary>
        public static List<Entity> RetrieveAll(IOrganizationService service, QueryExpression query)
        {
            var results = new List<Entity>();
            query.PageInfo = new PagingInfo();
            query.PageInfo.Count = 5000;
            query.PageInfo.PageNumber = 1;
            query.PageInfo.PagingCookie = null;

            while (true)
            {
                EntityCollection page = service.RetrieveMultiple(query);
                results.AddRange(page.Entities);

                if (page.MoreRecords)
                {
                    query.PageInfo.PageNumber++;
                    query.PageInfo.PagingCookie = page.PagingCookie;
                }
                else
                {
                    break;
                }
            }

            return results;
        }

        public static int CountActive(IOrganizationService service, string entityName)
        {
            var query = new QueryExpression(entityName);
            query.ColumnSet = new ColumnSet(false);
            query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
            query.PageInfo = new PagingInfo { Count = 250, PageNumber = 1, ReturnTotalRecordCount = true };

            int total = 0;
            EntityCollection page;
            do
            {
                page = service.RetrieveMultiple(query);
                total += page.Entities.Count;
                query.PageInfo.PageNumber += 1;
                query.PageInfo.PagingCookie = page.PagingCookie;
            }
            while (page.MoreRecords);

            return total;
        }
    }

    public class DeactivateOldTasksPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
            var service = ((IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))).CreateOrganizationService(context.UserId);

            var query = new QueryExpression("task") { ColumnSet = new ColumnSet(true) };
            query.Criteria.AddCondition("scheduledend", ConditionOperator.LessThan, DateTime.UtcNow.AddDays(-30));
            query.Criteria.AddCondition("regardingobjectid", ConditionOperator.Equal, context.PrimaryEntityId);

            foreach (Entity task in QueryHelper.RetrieveAll(service, query))
            {
                service.Delete(task.LogicalName, task.Id);
            }
        }
    }
}
