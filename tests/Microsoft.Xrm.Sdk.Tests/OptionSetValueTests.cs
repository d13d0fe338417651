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

    [Test]
    public void ParameterlessConstructor_ThenSetValue_HoldsTheNumber()
    {
        var option = new OptionSetValue();
        var zero = option.Value;

        option.Value = 100000001;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(zero, Is.Zero);
            Assert.That(option.Value, Is.EqualTo(100000001));
            Assert.That(option, Is.EqualTo(new OptionSetValue(100000001)));
        }
    }
}
