using Dapper;
using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

/// <summary>How the database file itself is made and used: private permissions, no memory mapping, no silent re-creation.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DatabaseFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private string _folder = "";

    private string DatabasePath => Path.Combine(_folder, "registrations.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pluginhost-file-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Open_NewFile_DatabaseWalAndShmAreOwnerOnlyWhateverTheUmask()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        using var connection = database.OpenConnection();
        connection.Execute("INSERT INTO messages (name, is_custom) VALUES ('acme_Ping', 1)");

        using (Assert.EnterMultipleScope())
        {
            foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            {
                Assert.That(File.Exists(file), Is.True, file);
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly), file);
            }
        }
    }

    [Test]
    public void Open_ExistingFile_PermissionsLeftAsTheOwnerSetThem()
    {
        RegistrationDatabase.Open(DatabasePath);
        SqliteConnection.ClearAllPools();
        const UnixFileMode Shared = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        File.SetUnixFileMode(DatabasePath, Shared);

        RegistrationDatabase.Open(DatabasePath);

        Assert.That(File.GetUnixFileMode(DatabasePath), Is.EqualTo(Shared));
    }

    [Test]
    public void OpenConnection_NeverMapsTheFile()
    {
        using var connection = RegistrationDatabase.Open(DatabasePath).OpenConnection();

        Assert.That(connection.ExecuteScalar<long>("PRAGMA mmap_size"), Is.Zero);
    }

    [Test]
    public void OpenConnection_FileDeletedAfterOpen_FailsInsteadOfCreatingAnEmptyDatabase()
    {
        var database = RegistrationDatabase.Open(DatabasePath);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder))
        {
            File.Delete(file);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<SqliteException>(() => database.OpenConnection().Dispose());
            Assert.That(File.Exists(DatabasePath), Is.False, "an empty database was created in its place");
        }
    }
}
