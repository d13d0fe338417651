namespace PluginHost.Sandbox.Protocol;

/// <summary>
/// The byte that starts every encoded value. The numbers are the wire format (also stored in the database and in
/// queued jobs): never renumber, only append.
/// </summary>
internal enum ValueTag : byte
{
    Null = 0,
    String = 1,
    Boolean = 2,
    Int32 = 3,
    Int64 = 4,
    Double = 5,
    Decimal = 6,
    DateTime = 7,
    Guid = 8,
    EntityReference = 9,
    OptionSetValue = 10,
    Money = 11,
    Entity = 12,
    EntityCollection = 13,
    ParameterCollection = 14,
    EntityImageCollection = 15,
    ColumnSet = 16,
    QueryByAttribute = 17,
    QueryExpression = 18,
    OrganizationRequest = 19,
    OrganizationResponse = 20,

    /// <summary>An <c>object[]</c>: a count, then tagged values.</summary>
    ObjectArray = 21,

    /// <summary>An array of one supported type: the element type's tag, a count, then the elements.</summary>
    TypedArray = 22,

    /// <summary>A FetchExpression: its FetchXML text.</summary>
    FetchExpression = 23,

    /// <summary>A QueryExpression with everything tag 18 lacks: distinct, links, orders, paging and conditions on link aliases.</summary>
    QueryExpressionWithLinks = 24,

    /// <summary>A QueryByAttribute with the orders and paging tag 17 lacks.</summary>
    QueryByAttributeWithPaging = 25,

    /// <summary>An AliasedValue: the entity and attribute it came from, then the tagged value.</summary>
    AliasedValue = 26,

    /// <summary>An EntityCollection with the paging fields tag 13 lacks (more records, cookie, total count).</summary>
    PagedEntityCollection = 27,

    /// <summary>A multi-select choice value: a count, then each option's number.</summary>
    OptionSetValueCollection = 40,
}
