using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Registration.Store;

/// <summary>
/// API keys of users: 32 random bytes, shown once as <c>phk_</c> followed by their base64url text, and kept only as
/// the SHA-256 of that text.
/// </summary>
/// <remarks>
/// A fast hash is right here, unlike for passwords: a slow one (PBKDF2, bcrypt) makes guessing a low-entropy secret
/// from a stolen hash expensive, but a key of 256 random bits cannot be guessed at any speed, so SHA-256 protects it
/// as well and costs about a microsecond per request instead of tens of milliseconds.
/// </remarks>
public static class ApiKeys
{
    /// <summary>What every key starts with, so that a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "phk_";

    /// <summary>Length of a key's SHA-256, as stored.</summary>
    public const int HashLength = 32;

    private const int SecretBytes = 32;

    /// <summary>A new key from the operating system's cryptographic random source.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The SHA-256 of the key's UTF-8 text: what the store keeps and what a presented key is compared by.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether two key hashes are equal, compared in constant time.</summary>
    public static bool HashesEqual(ReadOnlySpan<byte> presented, ReadOnlySpan<byte> stored) =>
        CryptographicOperations.FixedTimeEquals(presented, stored);
}
