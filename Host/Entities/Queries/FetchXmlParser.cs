using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Entities.Queries;

/// <summary>
/// Reads FetchXML into a <see cref="QueryPlan"/>. Strict on purpose: an element, attribute or operator it does not know
/// fails with an error naming it, because ignoring part of a query would return a wrong answer.
/// </summary>
internal static class FetchXmlParser
{
    // Attributes that change nothing about the result (the mapping, output format, locking and UI hints).
    private static readonly string[] FetchAttributes =
        ["version", "mapping", "output-format", "no-lock", "count", "page", "paging-cookie", "top", "distinct", "aggregate", "returntotalrecordcount", "min-active-row-version"];

    private static readonly string[] EntityAttributes = ["name", "enableprefiltering", "prefilterparametername"];

    private static readonly string[] LinkAttributes = ["name", "from", "to", "alias", "link-type", "visible", "intersect", "enableprefiltering", "prefilterparametername"];

    private static readonly string[] ColumnAttributes = ["name", "alias", "aggregate", "groupby", "distinct", "usertimezone", "build", "addedby"];

    private static readonly string[] FilterAttributes = ["type", "isquickfindfields", "overridequickfindrecordlimitenabled", "overridequickfindrecordlimitdisabled"];

    private static readonly string[] ConditionAttributes = ["attribute", "operator", "value", "entityname", "uiname", "uitype", "uihidden", "alias"];

    private static readonly string[] OrderAttributes = ["attribute", "alias", "descending", "entityname"];

    private static readonly string[] ValueAttributes = ["uiname", "uitype"];

    /// <summary>The logical name of the entity a FetchXML query reads.</summary>
    public static string EntityNameOf(string? fetchXml) => Entity(Load(fetchXml)).Attribute("name")!.Value;

    public static QueryPlan Parse(string? fetchXml)
    {
        var fetch = Load(fetchXml);
        CheckAttributes(fetch, FetchAttributes);
        var entity = Entity(fetch);
        CheckAttributes(entity, EntityAttributes);
        var plan = new QueryPlan
        {
            EntityName = entity.Attribute("name")!.Value,
            Top = PositiveNumber(fetch, "top"),
            PageSize = PositiveNumber(fetch, "count") ?? 0,
            PageNumber = PositiveNumber(fetch, "page") ?? 1,
            PagingCookie = (string?)fetch.Attribute("paging-cookie"),
            ReturnTotalRecordCount = Flag(fetch, "returntotalrecordcount"),
            Distinct = Flag(fetch, "distinct"),
            Aggregate = Flag(fetch, "aggregate"),
        };
        if (plan.Top is not null && plan.PageSize > 0)
        {
            throw Error("<fetch> has both top and count: use top alone, or count and page for paging");
        }

        var counter = 0;
        var filters = new List<FilterPlan>();
        foreach (var child in entity.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "attribute":
                    plan.Columns.Add(Column(child, plan.Aggregate));
                    break;
                case "all-attributes":
                    CheckAttributes(child, []);
                    plan.AllColumns = true;
                    break;
                case "filter":
                    filters.Add(Filter(child));
                    break;
                case "order":
                    plan.Orders.Add(Order(child, null, plan.Aggregate));
                    break;
                case "link-entity":
                    plan.Links.Add(Link(child, plan, ref counter));
                    break;
                default:
                    throw Unknown(child, "<entity>");
            }
        }

        plan.Filter = Combine(filters);
        if (plan.Aggregate && plan.AllColumns)
        {
            throw Error("an aggregate query cannot use <all-attributes>: name each grouped or aggregated <attribute>");
        }

        return plan;
    }

    private static XElement Load(string? fetchXml)
    {
        if (string.IsNullOrWhiteSpace(fetchXml))
        {
            throw Error("the FetchExpression has no query text");
        }

        XDocument document;
        try
        {
            // No DTDs and no external entities: the text comes from plug-ins.
            using var reader = XmlReader.Create(new StringReader(fetchXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException exception)
        {
            throw Error($"the query is not well-formed XML: {exception.Message}");
        }

        var fetch = document.Root!;
        return fetch.Name.LocalName == "fetch" ? fetch : throw Error($"the root element is <{fetch.Name.LocalName}>, not <fetch>");
    }

    private static XElement Entity(XElement fetch)
    {
        var entities = fetch.Elements().ToList();
        if (entities.Count != 1 || entities[0].Name.LocalName != "entity")
        {
            throw Error(entities.FirstOrDefault(element => element.Name.LocalName != "entity") is { } other
                ? $"<fetch> holds an unsupported element <{other.Name.LocalName}>: it holds exactly one <entity>"
                : "<fetch> must hold exactly one <entity>");
        }

        return string.IsNullOrEmpty((string?)entities[0].Attribute("name")) ? throw Error("<entity> has no name") : entities[0];
    }

    private static LinkPlan Link(XElement element, QueryPlan plan, ref int counter)
    {
        CheckAttributes(element, LinkAttributes);
        counter++;
        var name = Required(element, "name");
        var linkType = (string?)element.Attribute("link-type") ?? "inner";
        var link = new LinkPlan
        {
            EntityName = name,
            Alias = (string?)element.Attribute("alias") is { Length: > 0 } alias ? alias : $"{name}{counter}",

            // FetchXML's from is the linked entity's attribute and to is the parent's.
            LinkedAttribute = Required(element, "from"),
            ParentAttribute = Required(element, "to"),
            Kind = linkType switch
            {
                "inner" => LinkKind.Inner,
                "outer" => LinkKind.Outer,
                "matchfirstrowusingcrossapply" => LinkKind.FirstMatch,
                "in" or "exists" or "any" => LinkKind.Exists,
                "not any" => LinkKind.NotExists,
                _ => throw Error($"link-type '{linkType}' of <link-entity name=\"{name}\"> is not supported: use inner, outer, matchfirstrowusingcrossapply, in, exists, any or not any"),
            },
        };
        var filters = new List<FilterPlan>();
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "attribute":
                    link.Columns.Add(Column(child, plan.Aggregate));
                    break;
                case "all-attributes":
                    CheckAttributes(child, []);
                    link.AllColumns = true;
                    break;
                case "filter":
                    filters.Add(Filter(child));
                    break;
                case "order":
                    plan.Orders.Add(Order(child, link.Alias, plan.Aggregate));
                    break;
                case "link-entity":
                    link.Links.Add(Link(child, plan, ref counter));
                    break;
                default:
                    throw Unknown(child, $"<link-entity name=\"{name}\">");
            }
        }

        link.Filter = Combine(filters);
        return link;
    }

    private static ColumnPlan Column(XElement element, bool aggregate)
    {
        CheckAttributes(element, ColumnAttributes);
        var name = Required(element, "name");
        var alias = (string?)element.Attribute("alias");
        var function = (string?)element.Attribute("aggregate");
        var groupBy = Flag(element, "groupby");
        if (!aggregate)
        {
            return function is null && !groupBy
                ? new ColumnPlan(name, string.IsNullOrEmpty(alias) ? null : alias)
                : throw Error($"<attribute name=\"{name}\"> aggregates or groups, but <fetch> does not say aggregate=\"true\"");
        }

        if (string.IsNullOrEmpty(alias))
        {
            throw Error($"<attribute name=\"{name}\"> of an aggregate query needs an alias");
        }

        if (function is not null && function is not ("count" or "countcolumn" or "sum" or "avg" or "min" or "max"))
        {
            throw Error($"aggregate '{function}' of <attribute name=\"{name}\"> is not supported: use count, countcolumn, sum, avg, min or max");
        }

        if ((function is null) == !groupBy)
        {
            throw Error($"<attribute name=\"{name}\"> of an aggregate query must either group (groupby=\"true\") or aggregate, not both or neither");
        }

        return new ColumnPlan(name, alias, function, groupBy, Flag(element, "distinct"));
    }

    private static FilterPlan Filter(XElement element)
    {
        CheckAttributes(element, FilterAttributes);
        var type = (string?)element.Attribute("type") ?? "and";
        var filter = new FilterPlan
        {
            Or = type switch
            {
                "and" => false,
                "or" => true,
                _ => throw Error($"<filter type=\"{type}\"> is not supported: use and or or"),
            },
        };
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "condition":
                    filter.Conditions.Add(Condition(child));
                    break;
                case "filter":
                    filter.Filters.Add(Filter(child));
                    break;
                default:
                    throw Unknown(child, "<filter>");
            }
        }

        return filter;
    }

    private static ConditionPlan Condition(XElement element)
    {
        if (element.Attribute("valueof") is not null)
        {
            throw Error("<condition valueof=...> (comparing two columns) is not supported");
        }

        CheckAttributes(element, ConditionAttributes);
        var attribute = Required(element, "attribute");
        var operatorName = Required(element, "operator");
        if (!FetchXmlOperators.ByName.TryGetValue(operatorName, out var op))
        {
            throw Error($"operator '{operatorName}' of <condition attribute=\"{attribute}\"> is not a FetchXML operator PluginHost knows");
        }

        var values = new List<object?>();
        if (element.Attribute("value") is { } single)
        {
            values.Add(single.Value);
        }

        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "value")
            {
                throw Unknown(child, "<condition>");
            }

            CheckAttributes(child, ValueAttributes);
            values.Add(child.Value);
        }

        var entityName = (string?)element.Attribute("entityname");
        return new ConditionPlan(string.IsNullOrEmpty(entityName) ? null : entityName, attribute, op, values);
    }

    private static OrderPlan Order(XElement element, string? linkAlias, bool aggregate)
    {
        CheckAttributes(element, OrderAttributes);
        var attribute = (string?)element.Attribute("attribute");
        var alias = (string?)element.Attribute("alias");
        if (aggregate ? string.IsNullOrEmpty(alias) : string.IsNullOrEmpty(attribute))
        {
            throw Error(aggregate ? "an <order> of an aggregate query names the alias of a column" : "<order> has no attribute");
        }

        var entityName = (string?)element.Attribute("entityname");
        return new OrderPlan(string.IsNullOrEmpty(entityName) ? linkAlias : entityName, aggregate ? null : attribute, aggregate ? alias : null, Flag(element, "descending"));
    }

    private static FilterPlan Combine(List<FilterPlan> filters)
    {
        if (filters.Count == 1)
        {
            return filters[0];
        }

        var combined = new FilterPlan();
        combined.Filters.AddRange(filters);
        return combined;
    }

    private static void CheckAttributes(XElement element, string[] known)
    {
        foreach (var attribute in element.Attributes())
        {
            if (!attribute.IsNamespaceDeclaration && Array.IndexOf(known, attribute.Name.LocalName) < 0)
            {
                throw Error($"attribute '{attribute.Name.LocalName}' of <{element.Name.LocalName}> is not supported");
            }
        }
    }

    private static string Required(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } value ? value : throw Error($"<{element.Name.LocalName}> has no {attribute}");

    private static int? PositiveNumber(XElement element, string attribute)
    {
        var text = (string?)element.Attribute(attribute);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw Error($"{attribute}=\"{text}\" of <{element.Name.LocalName}> is not a positive whole number");
    }

    private static bool Flag(XElement element, string attribute) => (string?)element.Attribute(attribute) switch
    {
        null or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw Error($"{attribute}=\"{other}\" of <{element.Name.LocalName}> is not true or false"),
    };

    private static PipelineException Unknown(XElement element, string parent) =>
        Error($"element <{element.Name.LocalName}> inside {parent} is not supported");

    private static PipelineException Error(string detail) => PipelineException.BadRequest($"FetchXML: {detail}");
}
