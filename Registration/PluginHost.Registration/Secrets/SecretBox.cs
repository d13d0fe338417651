using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Registration.Secrets;

/// <summary>
/// Encrypts the secrets the database keeps (step secure configurations, service-endpoint auth headers) with
/// AES-256-GCM under the key of a <see cref="SecretKeyFile"/>. A sealed value is a BLOB: a format version byte, the
/// 12-byte nonce, the 16-byte tag, then the ciphertext; plaintext from before encryption is TEXT, so the two can never
/// be confused. Each value is bound to its row (the associated data names table and id): a sealed value copied onto
/// another row does not open.
/// </summary>
public sealed class SecretBox(SecretKeyFile keyFile)
{
    /// <summary>The format version byte of values sealed by this version.</summary>
    public const byte Version = 1;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + NonceLength + TagLength;

    /// <summary>The key file in use.</summary>
    public SecretKeyFile KeyFile { get; } = keyFile;

    /// <summary>Encrypts <paramref name="plaintext"/> for the row named by <paramref name="row"/>; makes the key on first use.</summary>
    public byte[] Seal(string plaintext, string row)
    {
        var key = KeyFile.ReadOrCreate();
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[HeaderLength + clear.Length];
        sealedValue[0] = Version;
        var nonce = sealedValue.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, clear, sealedValue.AsSpan(HeaderLength), sealedValue.AsSpan(1 + NonceLength, TagLength), Encoding.UTF8.GetBytes(row));
        return sealedValue;
    }

    /// <summary>
    /// Decrypts a value <see cref="Seal"/> made for <paramref name="row"/>; <see cref="RegistrationException"/> naming
    /// <paramref name="what"/> when the key is missing or is not the one it was sealed with, or the value is damaged.
    /// </summary>
    public string Open(byte[] sealedValue, string row, string what)
    {
        if (sealedValue.Length < HeaderLength || sealedValue[0] != Version)
        {
            throw new RegistrationException($"{what} is stored in a form this version of PluginHost cannot read (format {(sealedValue.Length > 0 ? sealedValue[0] : 0)})");
        }

        var key = KeyFile.Read();
        var clear = new byte[sealedValue.Length - HeaderLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(
                sealedValue.AsSpan(1, NonceLength), sealedValue.AsSpan(HeaderLength), sealedValue.AsSpan(1 + NonceLength, TagLength), clear, Encoding.UTF8.GetBytes(row));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new RegistrationException(
                $"{what} cannot be decrypted with the key in '{KeyFile.FilePath}': it was encrypted with another key (or changed in the database)");
        }

        return Encoding.UTF8.GetString(clear);
    }
}
