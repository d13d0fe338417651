using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

/// <summary>A fresh registration store in a SQLite file of its own for each test.</summary>
internal abstract class StoreTestBase
{
    private string _folder = "";

    protected RegistrationStore Store { get; private set; } = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-store-").FullName;
        Store = new RegistrationStore(RegistrationDatabase.Open(Path.Combine(_folder, "registrations.db")));
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
