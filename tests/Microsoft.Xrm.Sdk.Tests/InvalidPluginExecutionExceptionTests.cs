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

    [Test]
    public void Constructor_StatusErrorCodeMessageInner_KeepsEach()
    {
        var inner = new InvalidOperationException("cause");

        var exception = new InvalidPluginExecutionException(OperationStatus.Retry, 42, "try later", inner);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Retry));
            Assert.That(exception.ErrorCode, Is.EqualTo(42));
            Assert.That(exception.Message, Is.EqualTo("try later"));
            Assert.That(exception.InnerException, Is.SameAs(inner));
        }
    }

    [Test]
    public void Constructor_HttpStatus_KeptAndStatusFailed()
    {
        var exception = new InvalidPluginExecutionException("no", PluginHttpStatusCode.Conflict);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.HttpStatus, Is.EqualTo(PluginHttpStatusCode.Conflict));
            Assert.That(exception.Status, Is.EqualTo(OperationStatus.Failed));
        }
    }

    [Test]
    public void Subclass_OfThePluginsOwn_IsStillAnInvalidPluginExecutionException()
    {
        Exception exception = new RefusedByPolicy("policy says no");

        Assert.That(exception, Is.InstanceOf<InvalidPluginExecutionException>().With.Message.EqualTo("policy says no"));
    }

    private sealed class RefusedByPolicy(string message) : InvalidPluginExecutionException(message);
}
