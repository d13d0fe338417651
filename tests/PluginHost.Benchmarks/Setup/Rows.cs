using Microsoft.Xrm.Sdk;

namespace PluginHost.Benchmarks.Setup;

/// <summary>The record every Create and raw insert writes: a typical account with a handful of typed attributes.</summary>
internal static class Rows
{
    private static readonly Guid PrimaryContact = new("6f1d2c1e-0b7a-4c39-9d8e-2a5b7c3d9e10");

    public static Entity New(string logicalName) => new(logicalName)
    {
        ["name"] = "Contoso Ltd",
        ["accountnumber"] = "ACC-100234",
        ["numberofemployees"] = 250,
        ["revenue"] = new Money(1_250_000.50m),
        ["creditonhold"] = false,
        ["primarycontactid"] = new EntityReference("contact", PrimaryContact),
    };
}
