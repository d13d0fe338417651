using System.ComponentModel;
using Microsoft.Xrm.Sdk.Client;

namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class EarlyBoundTests
{
    private static readonly Guid RecordId = Guid.Parse("0b1f1d8e-3c2a-4e5f-8a9b-7c6d5e4f3a2b");

    [Test]
    public void ToEntity_PlainRecordOfTheSameEntity_GivesTypedViewOverTheSameAttributes()
    {
        var record = new Entity("account", RecordId) { ["name"] = "Contoso" };

        var account = record.ToEntity<Account>();
        account.Name = "Fabrikam";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Id, Is.EqualTo(RecordId));
            Assert.That(account.LogicalName, Is.EqualTo("account"));
            Assert.That(record["name"], Is.EqualTo("Fabrikam"), "a change through the typed view is a change of the record, as on Dataverse");
            Assert.That(record.Contains("accountid"), Is.False, "taking the view does not add the primary-key attribute");
        }
    }

    [Test]
    public void ToEntity_OtherEntity_ThrowsNamingBoth()
    {
        var record = new Entity("contact", RecordId);

        Assert.That(
            () => record.ToEntity<Account>(),
            Throws.InvalidOperationException.With.Message.Contains("contact").And.Message.Contains("'account'"));
    }

    [Test]
    public void ToEntity_ClassWithOnlyTheConstant_ChecksTheConstant()
    {
        Assert.That(() => new Entity("contact").ToEntity<ConstantOnly>(), Throws.InvalidOperationException.With.Message.Contains("'lead'"));
    }

    [Test]
    public void ToEntity_ClassWithoutParameterlessConstructor_ThrowsSayingSo()
    {
        Assert.That(() => new Entity("account").ToEntity<NoDefaultConstructor>(), Throws.InvalidOperationException.With.Message.Contains("parameterless constructor"));
    }

    [Test]
    public void ToEntity_Entity_GivesPlainEntityOverTheSameData()
    {
        var account = new Account { Name = "Contoso" };
        account.KeyAttributes["accountnumber"] = "A-1";
        account.RowVersion = "42";

        var plain = account.ToEntity<Entity>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.GetType(), Is.EqualTo(typeof(Entity)));
            Assert.That(plain.LogicalName, Is.EqualTo("account"));
            Assert.That(plain["name"], Is.EqualTo("Contoso"));
            Assert.That(plain.KeyAttributes["accountnumber"], Is.EqualTo("A-1"));
            Assert.That(plain.RowVersion, Is.EqualTo("42"));
        }
    }

    [Test]
    public void Id_OverriddenSetter_SetsThePrimaryKeyAttributeToo()
    {
        var account = new Account { Id = RecordId };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Id, Is.EqualTo(RecordId));
            Assert.That(account["accountid"], Is.EqualTo(RecordId));
            Assert.That(((Entity)account).Id, Is.EqualTo(RecordId), "Id is virtual: the base sees the override");
        }
    }

    [Test]
    public void TypedProperty_Set_RaisesChangingThenChanged()
    {
        var account = new Account();
        var events = new List<string>();
        account.PropertyChanging += (_, e) => events.Add("changing " + e.PropertyName);
        account.PropertyChanged += (_, e) => events.Add("changed " + e.PropertyName);

        account.Name = "Contoso";

        Assert.That(events, Is.EqualTo(new[] { "changing Name", "changed Name" }));
    }

    [Test]
    public void ToEntityReference_EarlyBound_KeepsNameIdKeysAndRowVersion()
    {
        var account = new Account { Id = RecordId, RowVersion = "7" };
        account.KeyAttributes["accountnumber"] = "A-1";

        var reference = account.ToEntityReference();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reference, Is.EqualTo(new EntityReference("account", RecordId)));
            Assert.That(reference.KeyAttributes["accountnumber"], Is.EqualTo("A-1"));
            Assert.That(reference.RowVersion, Is.EqualTo("7"));
        }
    }

    [Test]
    public void Attributes_EarlyBoundClassesAndProperties_CarryTheirNames()
    {
        var property = typeof(Account).GetProperty(nameof(Account.Name))!;
        var navigation = typeof(Account).GetProperty(nameof(Account.PrimaryContact))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(typeof(Account).GetCustomAttributes(typeof(EntityLogicalNameAttribute), false).Cast<EntityLogicalNameAttribute>().Single().LogicalName, Is.EqualTo("account"));
            Assert.That(property.GetCustomAttributes(typeof(AttributeLogicalNameAttribute), false).Cast<AttributeLogicalNameAttribute>().Single().LogicalName, Is.EqualTo("name"));
            Assert.That(navigation.GetCustomAttributes(typeof(RelationshipSchemaNameAttribute), false).Cast<RelationshipSchemaNameAttribute>().Single().SchemaName, Is.EqualTo("account_primary_contact"));
            Assert.That(typeof(EarlyBoundTests).Assembly.GetCustomAttributes(typeof(ProxyTypesAssemblyAttribute), false), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public void Constructor_AlternateKey_IdentifiesTheRecordByKey()
    {
        var entity = new Entity("account", "accountnumber", "A-1");
        var reference = new EntityReference("account", "accountnumber", "A-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Id, Is.EqualTo(Guid.Empty));
            Assert.That(entity.KeyAttributes["accountnumber"], Is.EqualTo("A-1"));
            Assert.That(reference.KeyAttributes["accountnumber"], Is.EqualTo("A-1"));
            Assert.That(new Entity("account", new KeyAttributeCollection { ["a"] = 1 }).KeyAttributes["a"], Is.EqualTo(1));
        }
    }

    [Test]
    public void SetAttributeValue_Null_KeepsTheAttributeWithNull()
    {
        var entity = new Entity("account");

        entity.SetAttributeValue("name", null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Contains("name"), Is.True);
            Assert.That(entity.GetAttributeValue<string>("name"), Is.Null);
        }
    }

    [Test]
    public void Attributes_SetToNull_Throws()
    {
        Assert.That(() => new Entity("account").Attributes = null!, Throws.ArgumentNullException);
    }

    [Test]
    public void EntityStateAndFormattedValues_NewRecord_AreUnsetAndEmpty()
    {
        var entity = new Entity("account") { EntityState = EntityState.Changed };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.EntityState, Is.EqualTo(EntityState.Changed));
            Assert.That(new Entity("account").EntityState, Is.Null);
            Assert.That(entity.FormattedValues, Is.Empty);
            Assert.That(entity.RowVersion, Is.Null);
        }
    }

    [EntityLogicalName("account")]
    internal sealed class Account : Entity, INotifyPropertyChanging, INotifyPropertyChanged
    {
        public const string EntityLogicalName = "account";

        public Account()
            : base(EntityLogicalName)
        {
        }

        public event PropertyChangedEventHandler? PropertyChanged;

        public event PropertyChangingEventHandler? PropertyChanging;

        [AttributeLogicalName("accountid")]
        public override Guid Id
        {
            get => base.Id;
            set
            {
                SetAttributeValue("accountid", value);
                base.Id = value;
            }
        }

        [AttributeLogicalName("name")]
        public string? Name
        {
            get => GetAttributeValue<string>("name");
            set
            {
                PropertyChanging?.Invoke(this, new PropertyChangingEventArgs(nameof(Name)));
                SetAttributeValue("name", value);
                PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(nameof(Name)));
            }
        }

        [AttributeLogicalName("primarycontactid")]
        [RelationshipSchemaName("account_primary_contact")]
        public EntityReference? PrimaryContact
        {
            get => GetAttributeValue<EntityReference>("primarycontactid");
            set => SetAttributeValue("primarycontactid", value);
        }
    }

    internal sealed class ConstantOnly : Entity
    {
        public const string EntityLogicalName = "lead";

        public ConstantOnly()
            : base(EntityLogicalName)
        {
        }
    }

    [EntityLogicalName("account")]
    internal sealed class NoDefaultConstructor(string name) : Entity(name);
}
