namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class InvalidPluginExecutionExceptionTests
{
    [Test]
    public void Constructor_Message_FailedStatus()
    {
        var exception = new InvalidPluginExecutionException("An account needs a name.");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Message, Is.EqualTo("An account needs a name."));
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Failed));
            Assert.That(exception.InnerException, Is.Null);
        }
    }

    [Test]
    public void Constructor_MessageAndInner_KeepsBoth()
    {
        var inner = new FormatException("bad");

        var exception = new InvalidPluginExecutionException("Could not read the amount.", inner);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Message, Is.EqualTo("Could not read the amount."));
            Assert.That(exception.InnerException, Is.SameAs(inner));
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Failed));
        }
    }

    [Test]
    public void Constructor_StatusAndMessage_KeepsBoth()
    {
        var exception = new InvalidPluginExecutionException(OperationStatus.Retry, "not yet");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Retry));
            Assert.That(exception.Message, Is.EqualTo("not yet"));
        }
    }

    [Test]
    public void Constructor_Parameterless_HasAReadableMessage()
    {
        var exception = new InvalidPluginExecutionException();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Message, Does.Contain("plug-in"));
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Failed));
        }
    }

    [Test]
    public void Constructor_UndefinedStatus_Throws()
    {
        Assert.That(() => new InvalidPluginExecutionException((OperationStatus)42, "x"), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
