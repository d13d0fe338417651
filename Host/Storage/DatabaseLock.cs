using System.Globalization;
using System.Text;

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

        // A POSIX record lock (fcntl, through FileStream.Lock), not FileShare.None's flock: a flock would also stop the
        // second host from reading the holder's pid out of the file. Closing any handle of this file in this process
        // would release the lock, so the file is opened once, here, and kept open until the process ends.
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.ReadWrite | FileShare.Delete,
                UnixCreateMode = Registration.Store.RegistrationDatabase.PrivateFileMode,
            });
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot open the lock file '{path}' beside the database ({exception.Message}): the host needs to write in the database's folder", exception);
        }

        try
        {
            file.Lock(0, 1);
        }
        catch (IOException)
        {
            var holder = ReadPid(file);
            file.Dispose();
            throw new DatabaseInUseException(databasePath, holder);
        }

        var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        file.SetLength(0);
        file.Write(pid);
        file.Flush(flushToDisk: false);
        return new DatabaseLock(file, path);
    }

    public void Dispose() => _file.Dispose();

    private static int? ReadPid(FileStream file)
    {
        try
        {
            file.Position = 0;
            var buffer = new byte[32];
            var read = file.Read(buffer);
            return int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Another pluginhost serves the database.</summary>
internal sealed class DatabaseInUseException(string databasePath, int? pid)
    : Exception($"database '{databasePath}' is in use by another PluginHost ({(pid is { } id ? $"pid {id.ToString(CultureInfo.InvariantCulture)}" : "pid unknown")}): run one host per SQLite database")
{
    /// <summary>The holder's process id, when it could be read.</summary>
    public int? Pid { get; } = pid;
}
