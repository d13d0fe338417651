using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Contoso.Xrm.Framework.Extensions
{
    public static class EntityExtensions
    {
        public static T GetValue<T>(this Entity entity, Entity image, string attributeName)
        {
            if (entity != null && entity.Contains(attributeName))
            {
                return entity.GetAttributeValue<T>(attributeName);
            }

            if (image != null && image.Contains(attributeName))
            {
                return image.GetAttributeValue<T>(attributeName);
            }

            return default(T);
        }

        public static Entity Merge(this Entity target, Entity image)
        {
            var merged = new Entity(target.LogicalName, target.Id);
            if (image != null)
            {
                foreach (KeyValuePair<string, object> attribute in image.Attributes)
                {
                    merged[attribute.Key] = attribute.Value;
                }
            }

            foreach (string key in target.Attributes.Keys)
            {
                merged[key] = target[key];
            }

            return merged;
        }

        public static string GetFormattedValue(this Entity entity, string attributeName)
        {
            string value;
            return entity.FormattedValues.TryGetValue(attributeName, out value) ? value : null;
        }

        public static int? GetOptionSetValue(this Entity entity, string attributeName)
        {
            var option = entity.GetAttributeValue<OptionSetValue>(attributeName);
            return option == null ? (int?)null : option.Value;
        }

        public static decimal GetMoneyValue(this Entity entity, string attributeName)
        {
            var money = entity.GetAttributeValue<Money>(attributeName);
            return money != null ? money.Value : 0m;
        }

        public static void CopyAttributes(this Entity source, Entity destination, params string[] names)
        {
            foreach (var name in names.Where(source.Attributes.ContainsKey))
            {
                destination.Attributes.Add(new KeyValuePair<string, object>(name, source.Attributes[name]));
            }
        }

        public static Entity Retrieve(this IOrganizationService service, EntityReference reference, params string[] columns)
        {
            return service.Retrieve(reference.LogicalName, reference.Id, columns.Length == 0 ? new ColumnSet(true) : new ColumnSet(columns));
        }

        public static IEnumerable<Entity> RetrieveByAttribute(this IOrganizationService service, string entityName, string attribute, object value, params string[] columns)
        {
            var query = new QueryByAttribute(entityName);
            query.ColumnSet = new ColumnSet(columns);
            query.AddAttributeValue(attribute, value);
            query.AddOrder(attribute, OrderType.Descending);
            return service.RetrieveMultiple(query).Entities;
        }

        public static Guid CreateOrUpdate(this IOrganizationService service, Entity entity)
        {
            if (entity.Id == Guid.Empty)
            {
                return service.Create(entity);
            }

            service.Update(entity);
            return entity.Id;
        }

        public static bool HasChanged(this Entity target, Entity preImage, string attributeName)
        {
            if (!target.Attributes.Contains(attributeName))
            {
                return false;
            }

            object before = preImage != null && preImage.Attributes.Contains(attributeName) ? preImage[attributeName] : null;
            object after = target[attributeName];
            if (before is EntityReference && after is EntityReference)
            {
                return ((EntityReference)before).Id != ((EntityReference)after).Id;
            }

            if (before is OptionSetValue && after is OptionSetValue)
            {
                return !before.Equals(after);
            }

            if (before is Money && after is Money)
            {
                return ((Money)before).Value != ((Money)after).Value;
            }

            return !Equals(before, after);
        }
    }
}
