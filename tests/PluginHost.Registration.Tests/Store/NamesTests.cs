using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

/// <summary>Logical names: letters, digits and underscores, checked to the very end of the text.</summary>
[TestFixture]
internal sealed class NamesTests
{
    [TestCase("account")]
    [TestCase("_x1")]
    [TestCase("new_Custom_Entity2")]
    public void IsValidLogicalName_LettersDigitsUnderscores_True(string name) =>
        Assert.That(Names.IsValidLogicalName(name), Is.True);

    [TestCase("account\n", TestName = "IsValidLogicalName_TrailingNewline_False")]
    [TestCase("account\r\n", TestName = "IsValidLogicalName_TrailingCrLf_False")]
    [TestCase("\naccount", TestName = "IsValidLogicalName_LeadingNewline_False")]
    [TestCase("acc\nount", TestName = "IsValidLogicalName_NewlineInside_False")]
    [TestCase("", TestName = "IsValidLogicalName_Empty_False")]
    [TestCase("1account", TestName = "IsValidLogicalName_LeadingDigit_False")]
    [TestCase("bad name", TestName = "IsValidLogicalName_Space_False")]
    [TestCase("accoünt", TestName = "IsValidLogicalName_NonAsciiLetter_False")]
    public void IsValidLogicalName_NotALogicalName_False(string name) =>
        Assert.That(Names.IsValidLogicalName(name), Is.False);

    [Test]
    public void IsValidLogicalName_LongestAndOneLonger_TrueThenFalse()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Names.IsValidLogicalName(new string('a', Names.MaxLength)), Is.True);
            Assert.That(Names.IsValidLogicalName(new string('a', Names.MaxLength + 1)), Is.False);
        }
    }
}
