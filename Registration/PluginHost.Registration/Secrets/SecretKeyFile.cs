using System.Security.Cryptography;

namespace PluginHost.Registration.Secrets;

/// <summary>
/// The file holding the 32-byte AES key that encrypts the secrets kept in the database. It lives outside the database
/// (by default beside it, as <c>&lt;database&gt;.key</c>) so that a copy of the database file alone reveals no secret.
/// Created 0600 on first need, atomically: two processes creating it at once end up with the same key.
/// </summary>
public sealed class SecretKeyFile
{
    /// <summary>The environment variable that names the key file when no path is given.</summary>
    public const string PathVariable = "PLUGINHOST_KEY_FILE";

    /// <summary>Length of the key, in bytes (AES-256).</summary>
    public const int KeyLength = 32;

    private byte[]? _key;

    /// <summary>A key file at <paramref name="path"/> (not read until a secret needs it).</summary>
    public SecretKeyFile(string path) => FilePath = Path.GetFullPath(path);

    /// <summary>The full path of the key file.</summary>
    public string FilePath { get; }

    /// <summary>The path given, else <c>PLUGINHOST_KEY_FILE</c>, else the database path with <c>.key</c> appended.</summary>
    public static string ResolvePath(string databasePath, string? path = null) =>
        Path.GetFullPath(
            !string.IsNullOrWhiteSpace(path) ? path
            : Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : databasePath + ".key");

    /// <summary>True when the file exists (a key has been made or put there).</summary>
    public bool Exists => _key is not null || File.Exists(FilePath);

    /// <summary>The key; <see cref="RegistrationException"/> when the file is missing or is not a key.</summary>
    public byte[] Read()
    {
        if (_key is { } cached)
        {
            return cached;
        }

        byte[] key;
        try
        {
            key = File.ReadAllBytes(FilePath);
        }
        catch (FileNotFoundException)
        {
            throw new RegistrationException(
                $"the key file '{FilePath}' does not exist: the database's secrets were encrypted with the key kept there. Restore it, " +
                $"or point {PathVariable} (the host: PluginHost__KeyFile) at it");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot read the key file '{FilePath}': {exception.Message}");
        }

        if (key.Length != KeyLength)
        {
            throw new RegistrationException($"the key file '{FilePath}' holds {key.Length} bytes, not a {KeyLength}-byte key: it is not a PluginHost key file");
        }

        return _key = key;
    }

    /// <summary>The key, made and written now if the file does not exist yet.</summary>
    public byte[] ReadOrCreate()
    {
        if (Exists)
        {
            return Read();
        }

        var key = RandomNumberGenerator.GetBytes(KeyLength);
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, create))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }

            // Moved into place without overwriting: if another process made the key meanwhile, theirs wins and is read.
            File.Move(temporary, FilePath, overwrite: false);
            _key = key;
            return key;
        }
        catch (IOException) when (File.Exists(FilePath))
        {
            return Read();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot create the key file '{FilePath}': {exception.Message} (set {PathVariable} to a writable place)");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
