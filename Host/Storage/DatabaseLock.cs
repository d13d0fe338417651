namespace PluginHost.Host.Storage;

/// <summary>
/// Keeps a second pluginhost off a database file one already serves: an exclusive lock on <c>&lt;db&gt;.lock</c>, held
/// for the life of the process (the kernel drops it when the process ends, however it ends), with the holder's pid in
/// the file for the refusal message. Only hosts take it: pluginreg and the tests work on the database while a host
/// runs, as SQLite allows. Several hosts on one database are PostgreSQL's job.
/// </summary>
internal sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _file;

    private DatabaseLock(FileStream file, string path)
    {
        _file = file;
        FilePath = path;
    }

    /// <summary>The lock file beside the database.</summary>
    public string FilePath { get; }

    /// <summary>Takes the lock of <paramref name="databasePath"/>.</summary>
    /// <exception cref="DatabaseInUseException">Another process holds it.</exception>
    /// <exception cref="IOException">The lock file cannot be created or locked (read-only folder, ...).</exception>
    public static DatabaseLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        if (Path.GetDirectoryName(databasePath) is { } folder && !Directory.Exists(folder))
        {
            throw new IOException($"the folder of database '{databasePath}' does not exist");
        }

        FileStream file;
        try
        {
            file = LockFile.Acquire(path, holder => new DatabaseInUseException(databasePath, holder));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot open the lock file '{path}' beside the database ({exception.Message}): the host needs to write in the database's folder", exception);
        }

        return new DatabaseLock(file, path);
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Another pluginhost serves the database.</summary>
internal sealed class DatabaseInUseException(string databasePath, int? pid)
    : Exception($"database '{databasePath}' is in use by another PluginHost ({LockFile.Describe(pid)}): run one host per SQLite database")
{
    /// <summary>The holder's process id, when it could be read.</summary>
    public int? Pid { get; } = pid;
}
