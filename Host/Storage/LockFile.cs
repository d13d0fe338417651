using System.Globalization;
using System.Text;

namespace PluginHost.Host.Storage;

/// <summary>
/// An exclusive lock on a file, held for the life of the process (the kernel drops it when the process ends, however it
/// ends), with the holder's pid in the file for the refusal message: how a host keeps a second one off what it alone
/// may use (<see cref="DatabaseLock"/>, the plug-in cache).
/// </summary>
internal static class LockFile
{
    /// <summary>Opens and locks <paramref name="path"/>; keep the stream open for as long as the lock is needed.</summary>
    /// <param name="path">The lock file, created when missing.</param>
    /// <param name="inUse">The exception to throw when another process holds the lock, given its pid when it could be read.</param>
    /// <exception cref="IOException">The file cannot be created or opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened for writing by this user.</exception>
    public static FileStream Acquire(string path, Func<int?, Exception> inUse)
    {
        // A POSIX record lock (fcntl, through FileStream.Lock), not FileShare.None's flock: a flock would also stop the
        // second host from reading the holder's pid out of the file. Closing any handle of this file in this process
        // would release the lock, so the file is opened once, here, and kept open until the process ends.
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = Registration.Store.RegistrationDatabase.PrivateFileMode,
        });
        try
        {
            file.Lock(0, 1);
        }
        catch (IOException)
        {
            var holder = ReadPid(file);
            file.Dispose();
            throw inUse(holder);
        }

        var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        file.SetLength(0);
        file.Write(pid);
        file.Flush(flushToDisk: false);
        return file;
    }

    /// <summary>"pid N", or "pid unknown" when the holder's pid could not be read.</summary>
    public static string Describe(int? pid) => pid is { } id ? $"pid {id.ToString(CultureInfo.InvariantCulture)}" : "pid unknown";

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
