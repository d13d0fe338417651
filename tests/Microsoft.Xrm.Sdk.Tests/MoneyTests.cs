namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class MoneyTests
{
    [Test]
    public void Value_KeepsTheScaleItWasGiven()
    {
        Assert.That(new Money(1.50m).Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("1.50"));
    }

    [Test]
    public void Equals_SameAmountOtherScale_EqualWithSameHash()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new Money(1.5m), Is.EqualTo(new Money(1.50m)));
            Assert.That(new Money(1.5m).GetHashCode(), Is.EqualTo(new Money(1.50m).GetHashCode()));
            Assert.That(new Money(1.5m), Is.Not.EqualTo(new Money(1.51m)));
        }
    }

    [Test]
    public void ToString_InvariantCulture()
    {
        Assert.That(new Money(1234.5m).ToString(), Is.EqualTo("1234.5"));
    }

    [Test]
    public void ParameterlessConstructor_ThenSetValue_HoldsTheAmount()
    {
        var money = new Money();
        var zero = money.Value;

        money.Value = 12.50m;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(zero, Is.Zero);
            Assert.That(money.Value, Is.EqualTo(12.50m));
            Assert.That(money, Is.EqualTo(new Money(12.5m)));
        }
    }
}
