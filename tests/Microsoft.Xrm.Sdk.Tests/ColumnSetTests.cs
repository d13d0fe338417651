namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class ColumnSetTests
{
    [Test]
    public void Constructor_Parameterless_NoColumns()
    {
        var columns = new ColumnSet();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(columns.AllColumns, Is.False);
            Assert.That(columns.Columns, Is.Empty);
        }
    }

    [Test]
    public void Constructor_AllColumns_SetsFlag()
    {
        Assert.That(new ColumnSet(true).AllColumns, Is.True);
    }

    [Test]
    public void Constructor_Names_KeepsThemInOrder()
    {
        var columns = new ColumnSet("name", "revenue");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(columns.AllColumns, Is.False);
            Assert.That(columns.Columns, Is.EqualTo(new[] { "name", "revenue" }));
        }
    }

    [Test]
    public void AddColumns_AppendsEach()
    {
        var columns = new ColumnSet("name");

        columns.AddColumn("revenue");
        columns.AddColumns("a", "b");

        Assert.That(columns.Columns, Is.EqualTo(new[] { "name", "revenue", "a", "b" }));
    }

    [Test]
    public void AddColumn_EmptyName_Throws()
    {
        Assert.That(() => new ColumnSet().AddColumn(""), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_NullName_Throws()
    {
        Assert.That(() => new ColumnSet("name", null!), Throws.InstanceOf<ArgumentException>());
    }
}
