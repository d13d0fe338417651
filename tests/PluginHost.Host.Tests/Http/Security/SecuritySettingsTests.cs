using Microsoft.Extensions.Configuration;
using PluginHost.Host.Http.Security;

namespace PluginHost.Host.Tests.Http.Security;

/// <summary>The security settings are read in both forms and checked before the host starts, one line per problem.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SecuritySettingsTests
{
    [TestCase("PluginHost:Auth:Mode", "Sometimes", "Failed to convert configuration value 'Sometimes' at 'PluginHost:Auth:Mode'")]
    [TestCase("PluginHost:Auth:Mode", "7", "PluginHost:Auth:Mode must be Loopback or Required, not 7")]
    [TestCase("PluginHost:KnownProxies", "10.0.0.1, proxy.local", "PluginHost:KnownProxies: 'proxy.local' is not an IP address")]
    [TestCase("PluginHost:KnownProxies", "127.1", "PluginHost:KnownProxies: '127.1' is not an IP address")]
    [TestCase("PluginHost:KnownProxies", "10.0.0.0/8", "PluginHost:KnownProxies: '10.0.0.0/8' is not an IP address")]
    [TestCase("PluginHost:AllowedHosts", "https://api.example.com", "PluginHost:AllowedHosts: 'https://api.example.com' is not a host name")]
    [TestCase("PluginHost:AllowedHosts", "api.example.com:443", "PluginHost:AllowedHosts: 'api.example.com:443' is not a host name")]
    [TestCase("PluginHost:AllowedHosts", "::1", "PluginHost:AllowedHosts: '::1' is not a host name")]
    [TestCase("PLUGINHOST_ADMIN_KEY", "s3cret", "PLUGINHOST_ADMIN_KEY must be at least 16 characters long (it has 6)")]
    public void Problems_BadValue_OneLineNamingSettingAndValue(string key, string value, string expected)
    {
        var problems = PluginHostOptions.Problems(Configuration(new() { [key] = value }));

        Assert.That(problems, Has.Count.EqualTo(1).And.Some.StartsWith(expected));
    }

    [Test]
    public void Problems_GoodValues_None()
    {
        var problems = PluginHostOptions.Problems(Configuration(new()
        {
            ["PluginHost:Auth:Mode"] = "required",
            ["PluginHost:KnownProxies"] = "127.0.0.1, ::1;10.1.2.3",
            ["PluginHost:AllowedHosts:0"] = "api.example.com",
            ["PluginHost:AllowedHosts:1"] = "*.example.org",
            ["PluginHost:AllowedHosts:2"] = "[2001:db8::7]",
            ["PluginHost:AllowedHosts:3"] = "192.0.2.7",
            ["PLUGINHOST_ADMIN_KEY"] = "0123456789abcdef",
        }));

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void ReadLists_CommaValueAndArray_BothRead()
    {
        var options = new PluginHostOptions();
        var configuration = Configuration(new()
        {
            ["PluginHost:KnownProxies"] = " 127.0.0.1 , ::1,,",
            ["PluginHost:AllowedHosts:0"] = "a.example",
            ["PluginHost:AllowedHosts:1"] = "b.example",
        });

        SecuritySettings.ReadLists(options, configuration.GetSection("PluginHost"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.KnownProxies, Is.EqualTo(new[] { "127.0.0.1", "::1" }));
            Assert.That(options.AllowedHosts, Is.EqualTo(new[] { "a.example", "b.example" }));
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
