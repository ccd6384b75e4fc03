using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.SingleSignOn;

/// <summary>
/// The apps' back-channel secrets. A secret is 256 random bits, so the SSO stores its SHA-256 (base64url), not a slow
/// password hash: nothing is left to guess, and a check costs microseconds. Hashes compare in constant time.
/// </summary>
internal static class ClientSecrets
{
    /// <summary>Shorter secrets are refused: a secret is made by <see cref="Create"/>, not chosen by a person.</summary>
    public const int MinimumLength = 32;

    /// <summary>Compared when the client is unknown, so that an unknown client id takes as long as a known one.</summary>
    private static readonly byte[] NoClientHash = SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new secret: 256 random bits, base64url.</summary>
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="hash"/> is a hash <see cref="Hash"/> could have written.</summary>
    public static bool IsHash(string? hash) => Decode(hash) is not null;

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="hash"/> (false for a null or malformed hash).</summary>
    public static bool Verify(string? hash, string secret)
    {
        var expected = Decode(hash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(expected ?? NoClientHash, actual) && expected is not null;
    }

    private static byte[]? Decode(string? hash)
    {
        if (string.IsNullOrEmpty(hash) || !Base64Url.IsValid(hash, out var length) || length != SHA256.HashSizeInBytes)
        {
            return null;
        }
        return Base64Url.DecodeFromChars(hash);
    }
}
