namespace Microsoft.Xrm.Sdk.Tests;

[TestFixture]
internal sealed class EntityTests
{
    private static readonly Guid RecordId = Guid.Parse("8f7f3c1e-6a4b-4d3c-9a57-1c2b3d4e5f60");

    [TestCase(null)]
    [TestCase("")]
    public void Constructor_NullOrEmptyLogicalName_ThrowsNamingTheParameter(string? logicalName)
    {
        Assert.That(() => new Entity(logicalName!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("logicalName"));
    }

    [Test]
    public void Constructor_NameAndId_SetsBoth()
    {
        var entity = new Entity("account", RecordId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.LogicalName, Is.EqualTo("account"));
            Assert.That(entity.Id, Is.EqualTo(RecordId));
            Assert.That(entity.Attributes, Is.Empty);
        }
    }

    [Test]
    public void Constructor_Parameterless_LogicalNameEmptyUntilSet()
    {
        var entity = new Entity();
        var emptyName = entity.LogicalName;
        entity.LogicalName = "contact";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(emptyName, Is.Empty);
            Assert.That(entity.LogicalName, Is.EqualTo("contact"));
            Assert.That(entity.Id, Is.EqualTo(Guid.Empty));
        }
    }

    [Test]
    public void LogicalName_SetEmpty_Throws()
    {
        var entity = new Entity("account");

        Assert.That(() => entity.LogicalName = "", Throws.ArgumentException);
    }

    [Test]
    public void Indexer_Set_StoresInAttributes()
    {
        var entity = new Entity("account") { ["name"] = "Contoso", ["revenue"] = new Money(10m) };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity["name"], Is.EqualTo("Contoso"));
            Assert.That(entity.Attributes["revenue"], Is.EqualTo(new Money(10m)));
            Assert.That(entity.Attributes, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void Indexer_SetExisting_Replaces()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        entity["name"] = "Fabrikam";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity["name"], Is.EqualTo("Fabrikam"));
            Assert.That(entity.Attributes, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void Indexer_GetAbsent_ThrowsNamingAttributeAndEntity()
    {
        var entity = new Entity("account");

        var exception = Assert.Throws<KeyNotFoundException>(() => _ = entity["telephone1"]);

        Assert.That(exception.Message, Does.Contain("'telephone1'").And.Contain("account"));
    }

    [Test]
    public void Indexer_SetNull_KeepsTheAttribute()
    {
        var entity = new Entity("account") { ["name"] = null };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Contains("name"), Is.True);
            Assert.That(entity["name"], Is.Null);
        }
    }

    [Test]
    public void Indexer_SetEmptyName_Throws()
    {
        var entity = new Entity("account");

        Assert.That(() => entity[""] = 1, Throws.ArgumentException);
    }

    [Test]
    public void Contains_AttributeNamesAreCaseSensitive()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Contains("name"), Is.True);
            Assert.That(entity.Contains("Name"), Is.False);
            Assert.That(entity.Contains("other"), Is.False);
        }
    }

    [Test]
    public void Attributes_Enumerated_InTheOrderAdded()
    {
        var entity = new Entity("account") { ["z"] = 1, ["a"] = 2, ["m"] = 3 };
        entity.Attributes.Remove("a");
        entity["a"] = 4;

        Assert.That(entity.Attributes.Select(pair => pair.Key), Is.EqualTo(new[] { "z", "m", "a" }));
    }

    [Test]
    public void GetAttributeValue_Absent_ReturnsDefault()
    {
        var entity = new Entity("account");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.GetAttributeValue<int>("count"), Is.Zero);
            Assert.That(entity.GetAttributeValue<int?>("count"), Is.Null);
            Assert.That(entity.GetAttributeValue<string>("name"), Is.Null);
            Assert.That(entity.GetAttributeValue<bool>("active"), Is.False);
            Assert.That(entity.GetAttributeValue<EntityReference>("parentid"), Is.Null);
        }
    }

    [Test]
    public void GetAttributeValue_NullValue_ReturnsDefault()
    {
        var entity = new Entity("account") { ["count"] = null, ["name"] = null };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.GetAttributeValue<int>("count"), Is.Zero);
            Assert.That(entity.GetAttributeValue<decimal?>("count"), Is.Null);
            Assert.That(entity.GetAttributeValue<string>("name"), Is.Null);
        }
    }

    [Test]
    public void GetAttributeValue_SameType_ReturnsTheValue()
    {
        var reference = new EntityReference("contact", RecordId);
        var when = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var entity = new Entity("account") { ["primarycontactid"] = reference, ["name"] = "Contoso", ["createdon"] = when, ["count"] = 7 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.GetAttributeValue<EntityReference>("primarycontactid"), Is.SameAs(reference));
            Assert.That(entity.GetAttributeValue<string>("name"), Is.EqualTo("Contoso"));
            Assert.That(entity.GetAttributeValue<DateTime>("createdon"), Is.EqualTo(when));
            Assert.That(entity.GetAttributeValue<int?>("count"), Is.EqualTo(7));
            Assert.That(entity.GetAttributeValue<object>("count"), Is.EqualTo(7));
        }
    }

    private static IEnumerable<TestCaseData> NumericConversions()
    {
        yield return new TestCaseData(5, typeof(long), 5L).SetArgDisplayNames("int to long");
        yield return new TestCaseData(5, typeof(decimal), 5m).SetArgDisplayNames("int to decimal");
        yield return new TestCaseData(5, typeof(double), 5d).SetArgDisplayNames("int to double");
        yield return new TestCaseData(5L, typeof(int), 5).SetArgDisplayNames("long to int");
        yield return new TestCaseData(long.MaxValue, typeof(decimal), (decimal)long.MaxValue).SetArgDisplayNames("long to decimal");
        yield return new TestCaseData(1L << 40, typeof(double), (double)(1L << 40)).SetArgDisplayNames("long to double");
        yield return new TestCaseData(2.00m, typeof(int), 2).SetArgDisplayNames("whole decimal to int");
        yield return new TestCaseData(-3m, typeof(long), -3L).SetArgDisplayNames("whole decimal to long");
        yield return new TestCaseData(1.25m, typeof(double), 1.25d).SetArgDisplayNames("decimal to double");
        yield return new TestCaseData(1.25d, typeof(decimal), 1.25m).SetArgDisplayNames("double to decimal");
        yield return new TestCaseData(42d, typeof(int), 42).SetArgDisplayNames("whole double to int");
        yield return new TestCaseData(-42d, typeof(long), -42L).SetArgDisplayNames("whole double to long");
    }

    [TestCaseSource(nameof(NumericConversions))]
    public void GetAttributeValue_NumberOfAnotherType_Converts(object stored, Type target, object expected)
    {
        var entity = new Entity("account") { ["value"] = stored };

        var plain = typeof(Entity).GetMethod(nameof(Entity.GetAttributeValue))!.MakeGenericMethod(target).Invoke(entity, ["value"]);
        var nullable = typeof(Entity).GetMethod(nameof(Entity.GetAttributeValue))!
            .MakeGenericMethod(typeof(Nullable<>).MakeGenericType(target)).Invoke(entity, ["value"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain, Is.EqualTo(expected).And.TypeOf(target));
            Assert.That(nullable, Is.EqualTo(expected).And.TypeOf(target));
        }
    }

    [Test]
    public void GetAttributeValue_StronglyTypedNullable_ConvertsNumber()
    {
        var entity = new Entity("account") { ["employees"] = 250 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.GetAttributeValue<long?>("employees"), Is.EqualTo(250L));
            Assert.That(entity.GetAttributeValue<decimal>("employees"), Is.EqualTo(250m));
        }
    }

    [TestCase(2.5, typeof(int))]
    [TestCase(1e20, typeof(long))]
    [TestCase(double.NaN, typeof(decimal))]
    [TestCase(double.PositiveInfinity, typeof(long))]
    public void GetAttributeValue_NumberThatDoesNotFit_ThrowsInvalidCast(double stored, Type target)
    {
        var entity = new Entity("account") { ["value"] = stored };
        var method = typeof(Entity).GetMethod(nameof(Entity.GetAttributeValue))!.MakeGenericMethod(target);

        Assert.That(
            () => method.Invoke(entity, ["value"]),
            Throws.InstanceOf<System.Reflection.TargetInvocationException>().With.InnerException.InstanceOf<InvalidCastException>());
    }

    [Test]
    public void GetAttributeValue_LongBeyondInt_ThrowsInvalidCast()
    {
        var entity = new Entity("account") { ["value"] = 1L + int.MaxValue };

        Assert.That(() => entity.GetAttributeValue<int>("value"), Throws.InstanceOf<InvalidCastException>());
    }

    [Test]
    public void GetAttributeValue_FractionalDecimalAsInt_ThrowsInsteadOfRounding()
    {
        var entity = new Entity("account") { ["value"] = 2.5m };

        Assert.That(() => entity.GetAttributeValue<int>("value"), Throws.InstanceOf<InvalidCastException>());
    }

    [Test]
    public void GetAttributeValue_UnrelatedType_ThrowsNamingAttributeEntityAndTypes()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        var exception = Assert.Throws<InvalidCastException>(() => entity.GetAttributeValue<int>("name"));

        Assert.That(exception.Message, Does.Contain("'name'").And.Contain("account").And.Contain("String").And.Contain("Int32"));
    }

    [Test]
    public void ToEntityReference_ReturnsNameAndId()
    {
        var reference = new Entity("account", RecordId).ToEntityReference();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reference.LogicalName, Is.EqualTo("account"));
            Assert.That(reference.Id, Is.EqualTo(RecordId));
        }
    }

    [Test]
    public void ToEntityReference_LogicalNameNotSet_ThrowsInvalidOperation()
    {
        Assert.That(() => new Entity().ToEntityReference(), Throws.InvalidOperationException.With.Message.Contains("LogicalName"));
    }

    [Test]
    public void ToString_ShowsNameAndId()
    {
        Assert.That(new Entity("account", RecordId).ToString(), Is.EqualTo($"account({RecordId})"));
    }
}
