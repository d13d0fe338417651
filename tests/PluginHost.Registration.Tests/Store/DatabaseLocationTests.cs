using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture]
internal sealed class DatabaseLocationTests
{
    private const string Secret = "p@ss:w/rd%";

    [Test]
    public void Parse_Url_KeywordConnectionStringWithDecodedParts()
    {
        var location = DatabaseLocation.Parse("postgresql://ops%40acme:p%40ss%3Aw%2Frd%25@db.example:6543/plugin%20host?sslmode=require&Timeout=7");

        var expected = new Npgsql.NpgsqlConnectionStringBuilder(location.Value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.Backend, Is.EqualTo(DatabaseBackend.PostgreSql));
            Assert.That(expected.Username, Is.EqualTo("ops@acme"));
            Assert.That(expected.Password, Is.EqualTo(Secret));
            Assert.That(expected.Host, Is.EqualTo("db.example"));
            Assert.That(expected.Port, Is.EqualTo(6543));
            Assert.That(expected.Database, Is.EqualTo("plugin host"));
            Assert.That(expected.SslMode, Is.EqualTo(Npgsql.SslMode.Require));
            Assert.That(expected.Timeout, Is.EqualTo(7));
        }
    }

    [Test]
    public void Parse_ShortSchemeWithoutPort_DefaultPort()
    {
        var location = DatabaseLocation.Parse("postgres://ops@localhost/pluginhost");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.Value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.Backend, Is.EqualTo(DatabaseBackend.PostgreSql));
            Assert.That(builder.Port, Is.EqualTo(5432));
            Assert.That(builder.Password, Is.Null);
            Assert.That(location.Display, Does.Not.Contain("***"));
        }
    }

    [TestCase("Host=db;Username=ops;Password=" + Secret + ";Database=pluginhost")]
    [TestCase("postgresql://ops:p%40ss%3Aw%2Frd%25@db/pluginhost")]
    [TestCase("  host = db ; password=" + Secret)]
    public void Display_AnyPostgreSqlForm_PasswordHidden(string given)
    {
        var location = DatabaseLocation.Parse(given);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.Backend, Is.EqualTo(DatabaseBackend.PostgreSql));
            Assert.That(new Npgsql.NpgsqlConnectionStringBuilder(location.Value).Password, Is.EqualTo(Secret));
            Assert.That(location.Display, Does.Contain("Password=***").And.Not.Contain("p@ss"));
            Assert.That(location.ToString(), Is.EqualTo(location.Display));
            Assert.That($"{location}", Does.Not.Contain("p@ss"));
        }
    }

    [TestCase("pluginhost.db")]
    [TestCase("data/registrations.sqlite")]
    [TestCase("/var/lib/pluginhost/a;b=c.db")]
    public void Parse_AnythingElse_SqliteFullPath(string given)
    {
        var location = DatabaseLocation.Parse(given);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.Backend, Is.EqualTo(DatabaseBackend.Sqlite));
            Assert.That(location.Value, Is.EqualTo(Path.GetFullPath(given)));
            Assert.That(location.Display, Is.EqualTo(location.Value));
        }
    }

    [Test]
    public void Resolve_Given_WinsOverEverything()
    {
        Assert.That(DatabaseLocation.Resolve("given.db").Value, Is.EqualTo(Path.GetFullPath("given.db")));
    }

    [TestCase("postgresql://ops:" + Secret + "@/pluginhost", "is not a PostgreSQL URL")]
    [TestCase("postgresql://ops:" + Secret + "@db:99999/pluginhost", "is not a PostgreSQL URL")]
    [TestCase("postgresql://ops:p%40ss%3Aw%2Frd%25@db/pluginhost?colour=blue", "parameter 'colour'")]
    [TestCase("Host=db;Password=" + Secret + ";Colour=blue", "colour")]
    [TestCase("Host=db;Password=" + Secret + ";Port=many", "cannot be read")]
    public void Parse_BadInput_RefusedNamingTheProblemWithoutThePassword(string given, string problem)
    {
        var refusal = Assert.Throws<RegistrationException>(() => DatabaseLocation.Parse(given));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal.Message, Does.Contain(problem).IgnoreCase);
            Assert.That(refusal.Message, Does.Not.Contain("p@ss").And.Not.Contain("w/rd").And.Not.Contain("p%40ss"));
            Assert.That(refusal.Message, Does.Not.Contain(Environment.NewLine));
        }
    }
}
