using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Wire;

/// <summary>Frames over a real connected pair of Unix-domain sockets.</summary>
[TestFixture]
internal sealed class FrameChannelTests
{
    private const int MaxFrameBytes = 1024 * 1024;

    private string _folder = "";
    private FrameChannel _host = null!;
    private Socket _worker = null!;
    private FrameChannel _workerChannel = null!;

    [SetUp]
    public void Connect()
    {
        _folder = Directory.CreateTempSubdirectory("frames-").FullName;
        var path = Path.Combine(_folder, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        _worker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _worker.Connect(new UnixDomainSocketEndPoint(path));
        _host = new FrameChannel(listener.Accept(), MaxFrameBytes);
        _workerChannel = new FrameChannel(_worker, MaxFrameBytes);
    }

    [TearDown]
    public void Disconnect()
    {
        _host.Dispose();
        _workerChannel.Dispose();
        _worker.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Execute_WithParentChainAndTypedValues_ArrivesWhole()
    {
        var parent = new RemoteExecutionContext { MessageName = "Update", PrimaryEntityName = "account", Depth = 1, Stage = 40 };
        var context = new RemoteExecutionContext
        {
            MessageName = "Create",
            PrimaryEntityName = "task",
            PrimaryEntityId = Guid.NewGuid(),
            Depth = 2,
            Mode = 0,
            IsolationMode = 2,
            Stage = 20,
            UserId = Guid.NewGuid(),
            CorrelationId = Guid.NewGuid(),
            OperationCreatedOn = new DateTime(2026, 11, 23, 1, 2, 3, DateTimeKind.Utc),
            IsInTransaction = true,
            InputParameters = { ["Target"] = new Entity("task") { ["amount"] = new Money(1.50m), ["regarding"] = new EntityReference("account", Guid.NewGuid()) } },
            SharedVariables = { ["n"] = 7L },
            PreEntityImages = { ["before"] = new Entity("task") { ["status"] = new OptionSetValue(3) } },
            ParentContext = parent,
        };

        new ExecuteRequest(Guid.NewGuid(), "abc", "Ns", "Ns.Type", "unsecure", null, context).Write(_host.Begin(FrameType.Execute));
        _host.Send();
        var frame = _workerChannel.Receive(TimeSpan.FromSeconds(5));
        var request = ExecuteRequest.Read(frame.Payload);
        var received = (RemoteExecutionContext)request.Context;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(frame.Type, Is.EqualTo(FrameType.Execute));
            Assert.That(request.TypeName, Is.EqualTo("Ns.Type"));
            Assert.That(request.UnsecureConfig, Is.EqualTo("unsecure"));
            Assert.That(request.SecureConfig, Is.Null);
            Assert.That(received.PrimaryEntityId, Is.EqualTo(context.PrimaryEntityId));
            Assert.That(received.OperationCreatedOn, Is.EqualTo(context.OperationCreatedOn));
            Assert.That(received.OperationCreatedOn.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(received.IsInTransaction, Is.True);
            Assert.That(((Entity)received.InputParameters["Target"]!).GetAttributeValue<Money>("amount")?.Value, Is.EqualTo(1.50m));
            Assert.That(received.SharedVariables["n"], Is.EqualTo(7L));
            Assert.That(received.PreEntityImages["before"].GetAttributeValue<OptionSetValue>("status")?.Value, Is.EqualTo(3));
            Assert.That(received.ParentContext?.MessageName, Is.EqualTo("Update"));
            Assert.That(received.ParentContext?.Stage, Is.EqualTo(40));
            Assert.That(received.ParentContext?.ParentContext, Is.Null);
        }
    }

    [Test]
    public void Receive_ManyFramesSentBackToBack_EachReadInOrder()
    {
        // More than a socket buffer holds: the sender runs beside the reader, as a worker does.
        var sending = Task.Run(() =>
        {
            for (var index = 0; index < 200; index++)
            {
                _workerChannel.Begin(FrameType.Trace).Write($"line {index} " + new string('x', index * 37));
                _workerChannel.Send();
            }
        });

        var lines = Enumerable.Range(0, 200).Select(_ => _host.Receive(TimeSpan.FromSeconds(5)).Payload.ReadString()).ToList();
        sending.Wait(TimeSpan.FromSeconds(5));

        Assert.That(lines.Select(line => line.Split(' ')[1]), Is.EqualTo(Enumerable.Range(0, 200).Select(index => index.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void Receive_AnnouncedLengthOverTheLimit_RefusedBeforeReadingIt()
    {
        var header = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, MaxFrameBytes + 1);
        header[4] = (byte)FrameType.Result;
        _worker.Send(header);

        Assert.That(() => _host.Receive(TimeSpan.FromSeconds(5)), Throws.TypeOf<InvalidDataException>().With.Message.Contains("limit"));
    }

    [Test]
    public void Receive_UnknownFrameType_Refused()
    {
        _worker.Send([0, 0, 0, 0, 99]);

        Assert.That(() => _host.Receive(TimeSpan.FromSeconds(5)), Throws.TypeOf<InvalidDataException>().With.Message.Contains("unknown type 99"));
    }

    [Test]
    public void Receive_NothingArrives_TimesOut()
    {
        Assert.That(() => _host.Receive(TimeSpan.FromMilliseconds(100)), Throws.TypeOf<TimeoutException>());
    }

    [Test]
    public void Receive_PeerClosedMidFrame_EndOfStream()
    {
        _worker.Send([10, 0, 0, 0, (byte)FrameType.Trace, 1, 2]);
        _worker.Shutdown(SocketShutdown.Send);

        Assert.That(() => _host.Receive(TimeSpan.FromSeconds(5)), Throws.TypeOf<EndOfStreamException>());
    }

    [Test]
    public void ResultRead_TruncatedPayload_NamesTheFrame()
    {
        new ExecuteResult(ExecuteOutcome.Succeeded) { InputParameters = [], OutputParameters = [], SharedVariables = [] }.Write(_workerChannel.Begin(FrameType.Result));
        _workerChannel.Send();
        var frame = _host.Receive(TimeSpan.FromSeconds(5));
        var truncated = new BinaryReader(new MemoryStream(((MemoryStream)frame.Payload.BaseStream).ToArray()[..2]));

        Assert.That(() => ExecuteResult.Read(truncated), Throws.TypeOf<InvalidDataException>().With.Message.Contains("Result"));
    }

    [Test]
    public void ServiceReply_FaultAndValue_RoundTrip()
    {
        new ServiceReply(null, ServiceFaults.Describe("InfiniteLoop", "too deep")).Write(_host.Begin(FrameType.ServiceReply));
        _host.Send();
        new ServiceReply(Guid.Empty, null).Write(_host.Begin(FrameType.ServiceReply));
        _host.Send();

        var error = ServiceReply.Read(_workerChannel.Receive(TimeSpan.FromSeconds(5)).Payload);
        var value = ServiceReply.Read(_workerChannel.Receive(TimeSpan.FromSeconds(5)).Payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Succeeded, Is.False);
            Assert.That(ServiceFaults.CodeOf(error.Fault), Is.EqualTo("InfiniteLoop"));
            Assert.That(error.Fault!.Message, Is.EqualTo("too deep"));
            Assert.That(error.Fault.ErrorCode, Is.EqualTo(ServiceFaults.UnexpectedError));
            Assert.That(value.Succeeded, Is.True);
            Assert.That(value.Value, Is.EqualTo(Guid.Empty));
        }
    }
}
