namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>An attribute's type; the numbers are Dataverse's.</summary>
public enum AttributeTypeCode
{
    /// <summary>Two options (true or false).</summary>
    Boolean = 0,

    /// <summary>A lookup to an account or a contact.</summary>
    Customer = 1,

    /// <summary>A date and time.</summary>
    DateTime = 2,

    /// <summary>A decimal number.</summary>
    Decimal = 3,

    /// <summary>A floating-point number.</summary>
    Double = 4,

    /// <summary>A whole number.</summary>
    Integer = 5,

    /// <summary>A lookup to another record.</summary>
    Lookup = 6,

    /// <summary>Multiple lines of text.</summary>
    Memo = 7,

    /// <summary>A currency amount.</summary>
    Money = 8,

    /// <summary>The owning user or team.</summary>
    Owner = 9,

    /// <summary>A list of activity parties.</summary>
    PartyList = 10,

    /// <summary>A choice.</summary>
    Picklist = 11,

    /// <summary>The record's state.</summary>
    State = 12,

    /// <summary>The record's status reason.</summary>
    Status = 13,

    /// <summary>A single line of text.</summary>
    String = 14,

    /// <summary>A unique identifier.</summary>
    Uniqueidentifier = 15,

    /// <summary>Calendar rules.</summary>
    CalendarRules = 16,

    /// <summary>A virtual attribute with no storage of its own.</summary>
    Virtual = 17,

    /// <summary>A 64-bit whole number.</summary>
    BigInt = 18,

    /// <summary>A managed property.</summary>
    ManagedProperty = 19,

    /// <summary>An entity's logical name.</summary>
    EntityName = 20,
}
