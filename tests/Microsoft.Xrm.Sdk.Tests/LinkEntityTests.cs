namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class LinkEntityTests
{
    [Test]
    public void AddLink_OnQuery_SetsBothEndsAndDefaultsToInnerWithNoColumns()
    {
        var query = new QueryExpression("contact");

        var link = query.AddLink("account", "parentcustomerid", "accountid");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query.LinkEntities.Single(), Is.SameAs(link));
            Assert.That(link.LinkFromEntityName, Is.EqualTo("contact"));
            Assert.That(link.LinkFromAttributeName, Is.EqualTo("parentcustomerid"));
            Assert.That(link.LinkToEntityName, Is.EqualTo("account"));
            Assert.That(link.LinkToAttributeName, Is.EqualTo("accountid"));
            Assert.That(link.JoinOperator, Is.EqualTo(JoinOperator.Inner));
            Assert.That(link.Columns.AllColumns, Is.False);
            Assert.That(link.Columns.Columns, Is.Empty);
            Assert.That(link.LinkCriteria.Conditions, Is.Empty);
        }
    }

    [Test]
    public void AddLink_OnLink_NestsFromTheLinkedEntity()
    {
        var link = new QueryExpression("contact").AddLink("account", "parentcustomerid", "accountid", JoinOperator.LeftOuter);

        var nested = link.AddLink("systemuser", "ownerid", "systemuserid");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(link.JoinOperator, Is.EqualTo(JoinOperator.LeftOuter));
            Assert.That(link.LinkEntities.Single(), Is.SameAs(nested));
            Assert.That(nested.LinkFromEntityName, Is.EqualTo("account"));
        }
    }

    [Test]
    public void ColumnsAndCriteria_SetNull_Throw()
    {
        var link = new LinkEntity();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => link.Columns = null!, Throws.ArgumentNullException);
            Assert.That(() => link.LinkCriteria = null!, Throws.ArgumentNullException);
        }
    }
}
