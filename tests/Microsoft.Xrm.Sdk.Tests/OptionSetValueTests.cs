namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class OptionSetValueTests
{
    [Test]
    public void Equals_SameNumber_EqualWithSameHash()
    {
        var three = new OptionSetValue(3);
        var alsoThree = new OptionSetValue(3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(three, Is.EqualTo(alsoThree));
            Assert.That(three.GetHashCode(), Is.EqualTo(alsoThree.GetHashCode()));
            Assert.That(three, Is.Not.EqualTo(new OptionSetValue(4)));
        }
    }

    [Test]
    public void ToString_ShowsTheNumber()
    {
        Assert.That(new OptionSetValue(-7).ToString(), Is.EqualTo("-7"));
    }
}
