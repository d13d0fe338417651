using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Client;

namespace PluginHost.Sandbox.Protocol.Tests;

/// <summary>Round trips of early-bound records and multi-select values.</summary>
internal sealed partial class ValueCodecTests
{
    [Test]
    public void RoundTrip_OptionSetValueCollection_KeepsOptionsInOrder()
    {
        var copy = RoundTrip(new OptionSetValueCollection { new(5), new(1), new(5) });

        Assert.That(copy, Is.TypeOf<OptionSetValueCollection>().And.EqualTo(new[] { new OptionSetValue(5), new OptionSetValue(1), new OptionSetValue(5) }));
    }

    [Test]
    public void RoundTrip_EmptyOptionSetValueCollection_StaysEmpty()
    {
        Assert.That(RoundTrip(new OptionSetValueCollection()), Is.TypeOf<OptionSetValueCollection>().And.Empty);
    }

    [Test]
    public void RoundTrip_OptionSetValueCollectionAsAttribute_SurvivesInsideAnEntity()
    {
        var entity = new Entity("account", RecordId) { ["new_categories"] = new OptionSetValueCollection { new(2) } };

        var copy = (Entity)RoundTrip(entity)!;

        Assert.That(copy["new_categories"], Is.EqualTo(new[] { new OptionSetValue(2) }));
    }

    [Test]
    public void Read_OptionSetValueCollectionClaimingMoreOptionsThanBytes_IsCorrupt()
    {
        var bytes = new byte[] { 40, 0xFF, 0xFF, 0xFF, 0x0F };
        using var reader = new BinaryReader(new MemoryStream(bytes));

        Assert.That(() => ValueCodec.Read(reader), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void RoundTrip_EarlyBoundEntity_ArrivesAsPlainEntityWithSameData()
    {
        var account = new CodecAccount { Id = RecordId, Name = "Contoso" };

        var copy = (Entity)RoundTrip(account)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.GetType(), Is.EqualTo(typeof(Entity)));
            Assert.That(copy.LogicalName, Is.EqualTo("account"));
            Assert.That(copy.Id, Is.EqualTo(RecordId));
            Assert.That(copy.ToEntity<CodecAccount>().Name, Is.EqualTo("Contoso"));
        }
    }

    [Test]
    public void RoundTrip_ArrayOfEarlyBoundEntities_ArrivesAsEntityArray()
    {
        var copy = RoundTrip(new[] { new CodecAccount { Name = "a" }, new CodecAccount { Name = "b" } });

        Assert.That(((Entity[])copy!).Select(entity => entity.GetAttributeValue<string>("name")), Is.EqualTo(new[] { "a", "b" }));
    }

    /// <summary>A minimal early-bound class.</summary>
    [EntityLogicalName("account")]
    internal sealed class CodecAccount : Entity
    {
        public CodecAccount()
            : base("account")
        {
        }

        public string? Name
        {
            get => GetAttributeValue<string>("name");
            set => SetAttributeValue("name", value);
        }
    }
}
