using Microsoft.AspNetCore.Identity;

namespace Bridge.SingleSignOn;

/// <summary>
/// Users' passwords as ASP.NET Core Identity stores them (<see cref="PasswordHasher{TUser}"/>, format v3: PBKDF2 with
/// HMAC-SHA512, 100,000 iterations, a 128-bit salt, base64), so configuration holds hashes, never passwords.
/// </summary>
internal static class Passwords
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash that matches no password, checked for unknown users so that they take as long as known ones.</summary>
    private static readonly string NoUserHash = Hasher.HashPassword("", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public static string Hash(string password) => Hasher.HashPassword("", password);

    /// <summary>Whether <paramref name="hash"/> is in the format <see cref="Hash"/> writes (v3), so it can ever match.</summary>
    public static bool IsHash(string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            return false;
        }
        var bytes = new byte[hash.Length];
        // Format byte 0x01, then the PRF, iteration count and salt length (4 bytes each), a salt and a subkey.
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= 13 + 16 + 32 && bytes[0] == 0x01;
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the password of <paramref name="user"/>; an unknown user costs the same
    /// work, so the answer's timing does not say which user names exist.
    /// </summary>
    public static bool Verify(SingleSignOnUser? user, string password)
    {
        var result = Hasher.VerifyHashedPassword("", user?.PasswordHash ?? NoUserHash, password);
        return user is not null && result != PasswordVerificationResult.Failed;
    }
}
