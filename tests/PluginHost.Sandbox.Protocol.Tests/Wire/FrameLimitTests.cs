using System.Net.Sockets;
using System.Reflection;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Sandbox.Protocol.Tests.Wire;

/// <summary>
/// The limits of one frame over a real pair of Unix-domain sockets: a frame too large to send fails before any of it
/// leaves, leaving the channel usable, and a frame built to expand while it is decoded is refused as corrupt.
/// </summary>
[TestFixture]
internal sealed class FrameLimitTests
{
    private const int MaxFrameBytes = 2 * 1024 * 1024;

    private string _folder = "";
    private FrameChannel _host = null!;
    private FrameChannel _worker = null!;

    [SetUp]
    public void Connect()
    {
        _folder = Directory.CreateTempSubdirectory("frame-limits-").FullName;
        var path = Path.Combine(_folder, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var worker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        worker.Connect(new UnixDomainSocketEndPoint(path));
        _host = new FrameChannel(listener.Accept(), MaxFrameBytes);
        _worker = new FrameChannel(worker, MaxFrameBytes);
    }

    [TearDown]
    public void Disconnect()
    {
        _host.Dispose();
        _worker.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Write_FrameOverTheLimit_FailsBeforeSendingAndTheChannelGoesOn()
    {
        var context = new RemoteExecutionContext { MessageName = "Create", PrimaryEntityName = "account" };
        context.InputParameters["Target"] = new Entity("account") { ["blob"] = new string('x', MaxFrameBytes + 1) };

        var refused = Assert.Throws<FrameTooLargeException>(
            () => new ExecuteRequest(Guid.NewGuid(), "key", "Ns", "Ns.Type", null, null, context).Write(_host.Begin(FrameType.Execute)));
        _host.Begin(FrameType.Trace).Write("after");
        _host.Send();
        var next = _worker.Receive(TimeSpan.FromSeconds(5));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.FrameType, Is.EqualTo(FrameType.Execute));
            Assert.That(refused.LimitBytes, Is.EqualTo(MaxFrameBytes));
            Assert.That(refused.Message, Does.Contain("Execute").And.Contain(MaxFrameBytes.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)));
            Assert.That(next.Type, Is.EqualTo(FrameType.Trace), "nothing of the refused frame reached the peer");
            Assert.That(next.Payload.ReadString(), Is.EqualTo("after"));
        }
    }

    [Test]
    public async Task Write_FrameExactlyAtTheLimit_Arrives()
    {
        var writer = _host.Begin(FrameType.LoadAssembly);
        writer.Write(new byte[MaxFrameBytes]);
        var sending = SendBesideAsync(_host);

        var frame = _worker.Receive(TimeSpan.FromSeconds(5));
        await sending;

        Assert.That(frame.Payload.BaseStream.Length, Is.EqualTo(MaxFrameBytes));
    }

    [Test]
    public async Task Read_FrameOfEmptyQueriesBuiltToExpand_RefusedAsCorrupt()
    {
        // 8 bytes per QueryExpression, about 760 bytes each once decoded: 95 times the frame, over 32 times allowed.
        const int Count = 200_000;
        var writer = _worker.Begin(FrameType.Result);
        writer.Write((byte)ValueTag.TypedArray);
        writer.Write((byte)ValueTag.QueryExpression);
        writer.Write7BitEncodedInt(Count);
        for (var index = 0; index < Count; index++)
        {
            writer.Write([(byte)ValueTag.QueryExpression, 0, 0, 0, 0, 0, 0, 0]);
        }

        var sending = SendBesideAsync(_worker);
        var frame = _host.Receive(TimeSpan.FromSeconds(5));
        var before = GC.GetAllocatedBytesForCurrentThread();

        // Decoded before the await: the reader measures allocations on the thread that received the frame, and the
        // test's continuation may resume on another one.
        var refused = Assert.Throws<InvalidDataException>(() => ValueCodec.Read(frame.Payload));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await sending;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.Message, Does.Contain("exhaust memory"));
            Assert.That(allocated, Is.LessThan((frame.Payload.BaseStream.Length * FrameReader.AllowancePerByte) + FrameReader.AllowanceFloorBytes + (1024 * 1024)));
        }
    }

    [Test]
    public async Task Read_PageOfSmallRecordsOfTheSameSize_Decodes()
    {
        // Genuine content with a high ratio: records holding little but a name, about 25 times their encoded size.
        var page = new EntityCollection();
        for (var index = 0; index < 40_000; index++)
        {
            page.Entities.Add(new Entity("account", Guid.NewGuid()) { ["name"] = "a" });
        }

        ValueCodec.Write(_worker.Begin(FrameType.Result), page);
        var sending = SendBesideAsync(_worker);
        var frame = _host.Receive(TimeSpan.FromSeconds(5));
        await sending;

        var copy = (EntityCollection)ValueCodec.Read(frame.Payload)!;

        Assert.That(copy.Entities, Has.Count.EqualTo(40_000));
    }

    [Test]
    public void Read_NegativeTopCount_RefusedAsCorrupt()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)ValueTag.QueryExpression);
            writer.Write7BitEncodedInt((7 * 2) + 1);
            writer.Write(System.Text.Encoding.UTF8.GetBytes("account"));
            writer.Write(true);
            writer.Write7BitEncodedInt(0);
            writer.Write7BitEncodedInt(-1);
        }

        buffer.Position = 0;

        Assert.That(() => ValueCodec.Read(new BinaryReader(buffer)), Throws.TypeOf<InvalidDataException>().With.Message.Contains("top count -1"));
    }

    [TestCase(null)]
    [TestCase(1)]
    [TestCase(5000)]
    public void RoundTrip_TopCount_NullStaysNullAndACountStays(int? topCount)
    {
        var query = new QueryExpression("account") { TopCount = topCount };

        var copy = (QueryExpression)ValueCodecTests.RoundTrip(query)!;

        Assert.That(copy.TopCount, Is.EqualTo(topCount));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Write_TopCountForcedPastTheSetter_RefusedInsteadOfSentAsNoLimit(int topCount)
    {
        // The SDK's setter refuses these; only reflection gets one in, and it must not cross as "all records".
        var query = new QueryExpression("account");
        typeof(QueryBase).GetField("_topCount", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(query, topCount);
        using var writer = new BinaryWriter(new MemoryStream());

        Assert.That(() => ValueCodec.Write(writer, query), Throws.ArgumentException.With.Message.Contains($"not {topCount}"));
    }

    /// <summary>Sends on another thread: a frame larger than the socket's buffer blocks until the peer reads it.</summary>
    private static Task SendBesideAsync(FrameChannel channel) => Task.Run(channel.Send);
}
