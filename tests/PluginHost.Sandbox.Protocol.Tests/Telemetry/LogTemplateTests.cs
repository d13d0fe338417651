using PluginHost.Sandbox.Protocol.Telemetry;

namespace PluginHost.Sandbox.Protocol.Tests.Telemetry;

[TestFixture]
internal sealed class LogTemplateTests
{
    [TestCase("Account {Name} has {Count} contacts", new object[] { "Contoso", 3 }, "Account Contoso has 3 contacts")]
    [TestCase("{0} then {1}", new object[] { "a", "b" }, "a then b")]
    [TestCase("Total {Amount:0.00}", new object[] { 1.5 }, "Total 1.50")]
    [TestCase("Braces {{literal}} and {Value}", new object[] { 7 }, "Braces {literal} and 7")]
    [TestCase("Missing {Value} and {Other}", new object[] { 1 }, "Missing 1 and {Other}")]
    [TestCase("Unclosed {Value", new object[] { 1 }, "Unclosed {Value")]
    [TestCase("Null {Value}", new object?[] { null }, "Null null")]
    public void Format_Template_FillsHolesInOrder(string template, object?[] args, string expected)
    {
        Assert.That(LogTemplate.Format(template, args), Is.EqualTo(expected));
    }
}
